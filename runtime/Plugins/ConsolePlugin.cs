using System.Text;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;
using ImageAot.Runtime.Primitives;

namespace ImageAot.Runtime.Plugins;

/// <summary>
/// SqueakJS's ConsolePlugin, through which squeakjs-headless-spur32.image prints:
/// <c>System class>>primLog: aString level: levelString</c> is
/// <c>&lt;primitive: 'primitiveLog:level:' module: 'ConsolePlugin'&gt;</c>, and
/// <c>System class>>log:</c> calls it with the level 'log'. SqueakJS hands the message to
/// <c>console[level]</c>; here it is one line on the VM's stdout ('error' and 'warn' go to
/// its stderr, as node's console does). Answers the receiver.
/// </summary>
public static class ConsolePlugin
{
    public const string Module = "ConsolePlugin";

    public static void Register(PrimitiveTable t) => t.AddNamed(Module, "primitiveLog:level:", Log);

    public static bool Log(Interpreter vm, int n)
    {
        if (n != 2) return false;
        var message = TextOf(vm.Stack(1));
        var level = TextOf(vm.Stack(0));
        if (message is null || level is null) return vm.Fail(PrimErr.BadArgument);
        var writer = level is "error" or "warn" ? vm.Stderr : vm.Stdout;
        try
        {
            writer.Write(message);
            writer.Write('\n');
            writer.Flush();
        }
        catch (Exception) { return vm.Fail(); }
        return vm.Answer(n, vm.Stack(n));
    }

    /// <summary>The text of a String or Symbol (Latin-1 bytes) or a WideString (code points).</summary>
    private static string? TextOf(Value v) => v.Ref switch
    {
        BytesObject b => Encoding.Latin1.GetString(b.Bytes),
        WordsObject w => string.Concat(w.Words.Select(c => c <= 0x10FFFF && (c < 0xD800 || c > 0xDFFF) ? char.ConvertFromUtf32((int)c) : "\uFFFD")),
        _ => null,
    };
}
