using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;
using ImageAot.Runtime.Primitives;

namespace ImageAot.Runtime.Plugins;

/// <summary>
/// ADPCMCodecPlugin: the image's ADPCMCodec privateDecodeMono:/privateDecodeStereo:/privateEncodeMono:
/// done natively, with the same results bit for bit (Scratch stores project sounds ADPCM-compressed and
/// decompresses them to play them). The codec's state lives in the receiver's instance
/// variables and is written back only on success, so a failure (a short buffer, a table of the
/// wrong kind) leaves the receiver as it was and the Smalltalk code runs from the same start.
/// Stereo encoding is not implemented in the image either (notYetImplemented): it fails into that.
/// </summary>
public static class ADPCMCodecPlugin
{
    public const string Module = "ADPCMCodecPlugin";

    public static void Register(PrimitiveTable t)
    {
        t.AddNamed(Module, "primitiveDecodeMono", (vm, n) => Run(vm, n, (c, count) => c.DecodeMono(count)));
        t.AddNamed(Module, "primitiveDecodeStereo", (vm, n) => Run(vm, n, (c, count) => c.DecodeStereo(count)));
        t.AddNamed(Module, "primitiveEncodeMono", (vm, n) => Run(vm, n, (c, count) => c.EncodeMono(count)));
        t.AddNamed(Module, "primitiveEncodeStereo", (vm, n) => vm.Fail());
    }

    private static bool Run(Interpreter vm, int n, Func<AdpcmState, int, bool> body)
    {
        if (n != 1 || vm.Stack(0) is not { IsSmallInt: true } countV || countV.SmallIntValue is < 0 or > int.MaxValue) return false;
        if (vm.Stack(1).Ref is not PointersObject codec || AdpcmState.Load(codec) is not { } state) return false;
        try
        {
            if (!body(state, (int)countV.SmallIntValue)) return false;
        }
        catch (Exception e) when (e is IndexOutOfRangeException or OverflowException)
        {
            // Past the end of a buffer: the Smalltalk code reports it as the image's own error.
            return false;
        }
        state.Store(codec);
        return vm.Answer(1, vm.Stack(1));
    }
}
