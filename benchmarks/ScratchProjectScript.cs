namespace ImageAot.Benchmarks;

/// <summary>
/// The Smalltalk side of the `scratch` benchmark: what is saved into the copy of Scratch.image, and
/// the script each run evaluates. Both are plain Scratch 1.4 code (Squeak 2.8 syntax: `_` assigns),
/// so that every VM runs exactly the same work.
/// </summary>
public static class ScratchProjectScript
{
    /// <summary>
    /// Evaluated once by `launcher eval` on the copy; it saves the copy. Two things:
    ///
    /// A step counter. Scratch steps every running script by `ScratchProcess>>runStepFor:` (one step
    /// runs a script up to its next yield: the end of a loop's iteration, a wait, a broadcast). The
    /// original method is kept under another selector and a two-statement method counting into the
    /// global ScratchBenchSteps takes its name. It is installed before the recompilation, so the
    /// recompiled tier has compiled code for it; compileUnlogged: because Scratch has no changes file to
    /// log to (compile:classified: waits for ever there).
    ///
    /// A resume hook: Scratch's readDocumentFile only logs a stamp, so the saved active process, once
    /// resumed, does what snapshot:andQuit: does after a snapshot and then evaluates the document
    /// (system attribute 2): the start-up list, then the script. Scratch's own UI process stays parked
    /// in the snapshot; the script drives the world's cycles itself. The shut-down list is the image's
    /// own minus SoundPlayer (nothing is playing).
    /// </summary>
    public const string SaveHook =
        "Smalltalk at: #ScratchBenchSteps put: 0. " +
        "ScratchProcess addSelector: #benchCountedRunStepFor: withMethod: (ScratchProcess compiledMethodAt: #runStepFor:). " +
        "ScratchProcess compileUnlogged: 'runStepFor: aStage ScratchBenchSteps _ ScratchBenchSteps + 1. ^ self benchCountedRunStepFor: aStage' " +
        "classified: 'benchmark' notifying: nil. " +
        "#(#Delay #FileDirectory #Color #StrikeFont #ControlManager #Form #DisplayScreen #ScratchTranslator) " +
        "do: [:n | Smalltalk at: n ifPresent: [:c | c shutDown]]. " +
        "Smalltalk snapshotPrimitive " +
        "ifTrue: [Smalltalk setGCParameters; clearExternalObjects; processStartUpList; readDocumentFile. " +
        "Compiler evaluate: (FileStream readOnlyFileNamed: (Smalltalk getSystemAttribute: 2)) contentsOfEntireFile] " +
        "ifFalse: [Smalltalk quitPrimitive]";

    /// <summary>Where a run leaves its figures, and the marks around the normal-mode count (for CPU sampling), in the run's folder.</summary>
    public const string ResultsFile = "scratch-bench.txt", NormalStartMark = "normal-start.mark", NormalEndMark = "normal-end.mark";

    /// <summary>
    /// One run: open the project without a dialog (openScratchProjectNamed:, what File > Open does after
    /// its dialog), then twice: set the speed, press the green flag (shoutGo, what the flag button
    /// sends), let it run `warmMs`, count `countMs`, driving the world with `World doOneCycle` as
    /// Scratch's UI process does (it waits out the rest of Morphic's 25 ms minimum cycle when a cycle
    /// was quicker).
    ///
    /// Turbo first: ScratchProcess blockHighlightMSecs 0 is Scratch's turbo mode (Edit > Set single
    /// stepping > Turbo speed); the stage then steps scripts for up to 100 ms per frame
    /// (stepProcessesTurbo), so frames/s barely moves and steps/s is the VM's speed. Then normal
    /// (1, what opening a project sets): one step per running script per frame, at most 40 frames/s;
    /// what matters is that the frame rate holds and how busy the CPU is meanwhile.
    /// A frame is one world cycle: the stage's step (its scripts' steps) and the redraw of what changed.
    /// </summary>
    public static string For(string project, string dir, int warmMs, int countMs)
    {
        string At(string file) => Quote(Path.Combine(dir, file));
        return $"""
            | frame stage t0 ms n s0 turbo f |
            Sensor useOSEvents: true.
            frame _ World submorphs detect: [:m | m isKindOf: ScratchFrameMorph].
            frame openScratchProjectNamed: {Quote(project)}.
            stage _ frame workPane.
            World doOneCycleNow.
            ScratchProcess blockHighlightMSecs: 0.
            frame shoutGo.
            t0 _ Time millisecondClockValue.
            [Time millisecondClockValue - t0 < {warmMs}] whileTrue: [World doOneCycle].
            n _ 0. s0 _ ScratchBenchSteps. t0 _ Time millisecondClockValue.
            [(ms _ Time millisecondClockValue - t0) < {countMs}] whileTrue: [World doOneCycle. n _ n + 1].
            turbo _ 'turbo_frames ', n printString, ' turbo_steps ', (ScratchBenchSteps - s0) printString, ' turbo_ms ', ms printString,
                ' turbo_running ', stage processesToRun size printString.
            ScratchProcess blockHighlightMSecs: 1.
            frame shoutGo.
            t0 _ Time millisecondClockValue.
            [Time millisecondClockValue - t0 < {warmMs}] whileTrue: [World doOneCycle].
            (StandardFileStream newFileNamed: {At(NormalStartMark)}) close.
            n _ 0. s0 _ ScratchBenchSteps. t0 _ Time millisecondClockValue.
            [(ms _ Time millisecondClockValue - t0) < {countMs}] whileTrue: [World doOneCycle. n _ n + 1].
            (StandardFileStream newFileNamed: {At(NormalEndMark)}) close.
            f _ StandardFileStream newFileNamed: {At(ResultsFile)}.
            f nextPutAll: turbo, ' normal_frames ', n printString, ' normal_steps ', (ScratchBenchSteps - s0) printString,
                ' normal_ms ', ms printString, ' normal_running ', stage processesToRun size printString,
                ' extent ', Display width printString, 'x', Display height printString.
            f close.
            (Delay forMilliseconds: 300) wait.
            Smalltalk quitPrimitive
            """;
    }

    private static string Quote(string s) => "'" + s.Replace("'", "''") + "'";
}
