using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Execution;

/// <summary>
/// The inline cache of one send instruction in a direct-call body: the receiver class it last
/// saw, and the native entry and method to call for that class. Filled by
/// <see cref="Interpreter.SendMiss"/>, emptied whenever the method cache is flushed.
/// </summary>
public sealed class SendSite
{
    /// <summary>Stands in for "no class yet": receivers whose key is null (immediates other than SmallInteger) never match it.</summary>
    public static readonly SqObject Unfilled = new PointersObject(null!, 0, 0, []);

    public SqObject Class = Unfilled;
    public nint Target;
    public MethodInfo? Info;

    public void Clear()
    {
        Class = Unfilled;
        Target = 0;
        Info = null;
    }
}
