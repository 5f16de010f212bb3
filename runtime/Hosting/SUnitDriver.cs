namespace ImageAot.Runtime.Hosting;

/// <summary>
/// The Smalltalk side of `launcher test`, compiled by the image's own compiler. Plain SUnit
/// (TestCase, TestResult failure/error, resources), so it serves Cuis and Squeak alike; the
/// host only sends it strings and reads strings back, so it needs no symbols of its own.
/// </summary>
internal static class SUnitDriver
{
    /// <summary>One line per test, "ClassName selector", of every concrete TestCase subclass in name and selector order.</summary>
    public const string ListTests = """
        | out classes |
        out := WriteStream on: (String new: 4096).
        classes := (TestCase allSubclasses reject: [:c | c isAbstract]) asSortedCollection: [:a :b | a name <= b name].
        classes do: [:c |
            (c testSelectors asSortedCollection: [:a :b | a <= b]) do: [:s |
                out nextPutAll: c name; nextPut: $ ; nextPutAll: s; nextPut: Character lf]].
        out contents
        """;

    /// <summary>
    /// Saves the image and goes on, through whichever of the image's own entry points it has
    /// (Squeak: snapshot:andQuit:; Cuis 5: the same with clearAllClassState:), so its shutdown
    /// and start-up lists run as when a person saves it. Cuis 5 saves from a "Startup process" of
    /// its own and terminates the process that asked, so the save runs in a process of its own
    /// and this call waits for whichever of the two finishes the work.
    /// </summary>
    public const string SaveImage = """
        | saver done live |
        done := false.
        saver := [(Smalltalk respondsTo: #snapshot:andQuit:)
                ifTrue: [Smalltalk snapshot: true andQuit: false]
                ifFalse: [Smalltalk snapshot: true andQuit: false clearAllClassState: false].
            done := true] newProcess.
        saver resume.
        live := [(Process allInstances select: [:p | p name = 'Startup process' and: [p isTerminated not]]) notEmpty].
        [(done or: [saver isTerminated]) and: [live value not]] whileFalse: [(Delay forMilliseconds: 50) wait].
        0
        """;

    /// <summary>
    /// Gives the image author initials when it has none: tests that compile methods would
    /// otherwise stop at the prompt that asks a person for them.
    /// </summary>
    public const string Prepare = """
        | u |
        u := Smalltalk at: #Utilities ifAbsent: [nil].
        ((u respondsTo: #authorInitialsPerSe) and: [u authorInitialsPerSe isEmptyOrNil])
            ifTrue: [u classPool at: #AuthorInitials put: 'ImageAot'].
        true
        """;

    /// <summary>
    /// A block that runs one test as TestResult>>runCase: does (its resources made available
    /// first) and answers 'PASS', 'FAIL text' or 'ERROR text'. A failure in a test its class
    /// expects to fail counts as a pass, as in SUnit's own results.
    /// </summary>
    public const string RunOne = """
        | describe world |
        "Cuis 5 keeps its world in ProjectX, older images in the global World."
        world := Smalltalk at: #ProjectX ifAbsent: [nil].
        world := (world respondsTo: #ui) ifTrue: [world ui] ifFalse: [Smalltalk at: #World ifAbsent: [nil]].
        describe := [:e | | text |
            text := [e messageText] on: Error do: [:x | x return: nil].
            text isNil ifTrue: [text := [e description] on: Error do: [:x | x return: nil]].
            (text isString and: [text notEmpty]) ifFalse: [text := ''].
            e class name , (text isEmpty ifTrue: [''] ifFalse: [': ' , text])].
        [:className :selectorName | | case outcome |
            "Run as the world's UI process, as tests started from the image's own test runner do."
            (world notNil and: [Processor activeProcess respondsTo: #animatedUI:])
                ifTrue: [Processor activeProcess animatedUI: world].
            case := (Smalltalk at: className asSymbol) selector: selectorName asSymbol.
            outcome := 'PASS'.
            [[(case class respondsTo: #resources) ifTrue: [
                    case class resources do: [:r | r isAvailable ifFalse: [r signalInitializationError]]].
                case runCase]
                    on: TestResult failure
                    do: [:e | outcome := 'FAIL ' , (describe value: e). e return: nil]]
                on: TestResult error
                do: [:e | outcome := 'ERROR ' , (describe value: e). e return: nil].
            ((outcome beginsWith: 'FAIL') and: [(case respondsTo: #shouldPass) and: [case shouldPass not]])
                ifTrue: [outcome := 'PASS'].
            outcome]
        """;

    /// <summary>Loads a package file the way the image itself does: Cuis' Feature require: (requirements from the same folder), else a plain file-in.</summary>
    public static string Load(string path)
    {
        var quoted = "'" + path.Replace("'", "''") + "'";
        return $"""
            (Smalltalk includesKey: #Feature)
                ifTrue: [(Smalltalk at: #Feature) require: {quoted}]
                ifFalse: [(FileStream readOnlyFileNamed: {quoted}) fileIn].
            true
            """;
    }
}
