namespace ImageAot.Tests;

/// <summary>
/// Smalltalk statements that work Scratch 1.4 through its own methods, run by `launcher eval` on
/// our VM and, in an image our VM saved, by squeakvm when it resumes (<see cref="OnSqueakVm"/>),
/// so that both VMs run the same code. They share the temporaries of <see cref="Temporaries"/>;
/// `frame` is the ScratchFrameMorph (<see cref="FindFrame"/>).
/// </summary>
public static class ScratchScripts
{
    public const string Temporaries = "| frame out objects sprite before resumed |\n";

    public const string FindFrame = "frame := World submorphs detect: [:m | m isKindOf: ScratchFrameMorph].\n";

    /// <summary>A Smalltalk string literal.</summary>
    public static string Literal(string text) => "'" + text.Replace("'", "''") + "'";

    /// <summary>
    /// Opens a project as the File menu does, then runs one step of the sprite corral, which the
    /// world runs every 500 ms: it makes the sprites' thumbnails, from which saving takes the
    /// sprites' order (a save right after opening would otherwise find no sprites).
    /// </summary>
    public static string Open(string path) => $"frame openScratchProjectNamed: {Literal(path)}.\nframe libraryPane step.\n";

    /// <summary>
    /// Saves the project under <paramref name="path"/> with writeScratchProject, after setting the
    /// folder and name as saveScratchProjectNoDialog does (File > Save without its dialog).
    /// </summary>
    public static string SaveAs(string path) =>
        $"frame instVarNamed: 'projectDirectory' put: (FileDirectory on: {Literal(Path.GetDirectoryName(path)!)}).\n"
        + $"frame instVarNamed: 'projectName' put: {Literal(Path.GetFileName(path))}.\n"
        + "frame writeScratchProject.\n";

    /// <summary>Renames the sprite at <paramref name="index"/> in the sprite corral's order (1-based; 0 = the last).</summary>
    public static string RenameSprite(int index, string name) =>
        $"sprite := {(index == 0 ? "frame workPane sprites last" : $"frame workPane sprites at: {index}")}.\nsprite objName: {Literal(name)}.\n";

    /// <summary>Sets the stage's variable that comes first (or last) by name.</summary>
    public static string SetStageVariable(bool first, string value) =>
        $"frame workPane setVar: frame workPane varNames asSortedCollection {(first ? "first" : "last")} to: {Literal(value)}.\n";

    /// <summary>
    /// Writes what a project holds to a text file, one line for the stage and one per sprite in
    /// the corral's order: name, current costume, position, every costume (name, size, rotation
    /// centre) and sound (name, tenths of a second) in order, variables with their values, list
    /// names, the number of scripts and of blocks.
    /// </summary>
    public static string WriteFacts(string path) =>
        $"out := FileStream newFileNamed: {Literal(path)}.\n" + """
        objects := (Array with: frame workPane), frame workPane sprites asArray.
        objects do: [:o |
            out nextPutAll: o class name; nextPutAll: ' '; nextPutAll: o objName; nextPutAll: ' costume='; nextPutAll: o costume mediaName.
            (o respondsTo: #xpos) ifTrue: [out nextPutAll: ' at='; print: o xpos rounded; nextPutAll: ','; print: o ypos rounded].
            o media do: [:item |
                out nextPutAll: ' | '; nextPutAll: item mediaType; nextPutAll: ' '; nextPutAll: item mediaName; nextPutAll: ' '.
                item isSound
                    ifTrue: [out print: (item totalSeconds * 10) rounded]
                    ifFalse: [out print: item form extent; nextPutAll: ' '; print: item rotationCenter]].
            o varNames asSortedCollection do: [:v | out nextPutAll: ' | var '; nextPutAll: v; nextPutAll: '='; nextPutAll: (o getVar: v) printString].
            o listVarNames asSortedCollection do: [:v | out nextPutAll: ' | list '; nextPutAll: v].
            out nextPutAll: ' | scripts '; print: o scripts size;
                nextPutAll: ' blocks '; print: (o blocksBin allMorphs select: [:b | b isKindOf: BlockMorph]) size.
            out cr].
        out close.

        """;

    /// <summary>
    /// Saves the image the image's own way (shut-down list, snapshot, start-up list) and runs
    /// <paramref name="statements"/> only when it resumes, then quits: on our VM the statement
    /// answers false after saving; squeakvm, started on the saved image, runs them.
    /// </summary>
    public static string OnSqueakVm(string statements) =>
        "resumed := Smalltalk snapshot: true andQuit: false.\nresumed ifTrue: [\n" + statements + "Smalltalk quitPrimitive].\nresumed\n";

    /// <summary>
    /// Saves the image the image's own way and then runs <paramref name="statements"/> on both
    /// VMs from the same state: on ours right after saving (`resumed` is false), on squeakvm when
    /// it resumes the saved image (`resumed` is true; it quits afterwards).
    /// </summary>
    public static string OnBothVms(string statements) =>
        "resumed := Smalltalk snapshot: true andQuit: false.\n" + statements + "resumed ifTrue: [Smalltalk quitPrimitive].\nresumed\n";
}
