namespace ImageAot.Runtime.Image;

/// <summary>Indices into the special objects array (0-based), as the VM and image agree on them.</summary>
public static class SpecialObjectIndex
{
    public const int Nil = 0;
    public const int False = 1;
    public const int True = 2;
    public const int SchedulerAssociation = 3;
    public const int ClassBitmap = 4;
    public const int ClassSmallInteger = 5;
    public const int ClassString = 6;
    public const int ClassArray = 7;
    public const int SmalltalkDictionary = 8;
    public const int ClassFloat = 9;
    public const int ClassMethodContext = 10;
    public const int ClassBlockContext = 11;
    public const int ClassPoint = 12;
    public const int ClassLargePositiveInteger = 13;
    public const int TheDisplay = 14;
    public const int ClassMessage = 15;
    public const int ClassCompiledMethod = 16;
    public const int TheLowSpaceSemaphore = 17;
    public const int ClassSemaphore = 18;
    public const int ClassCharacter = 19;
    public const int SelectorDoesNotUnderstand = 20;
    public const int SelectorCannotReturn = 21;
    public const int TheInputSemaphore = 22;
    public const int SpecialSelectors = 23;
    public const int CharacterTable = 24;
    public const int SelectorMustBeBoolean = 25;
    public const int ClassByteArray = 26;
    public const int ClassProcess = 27;
    public const int CompactClasses = 28;
    public const int TheTimerSemaphore = 29;
    public const int TheInterruptSemaphore = 30;
    /// <summary>The semaphores plugins signal by index (Smalltalk registerExternalObject:).</summary>
    public const int ExternalObjectsArray = 38;
    public const int TheFinalizationSemaphore = 41;
    public const int ClassLargeNegativeInteger = 42;
}
