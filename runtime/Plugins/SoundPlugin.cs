using ImageAot.Runtime.Primitives;

namespace ImageAot.Runtime.Plugins;

/// <summary>
/// The SoundPlugin's recorder side as a machine without a microphone has it: stopping a recorder
/// that never started succeeds, as on a real device (Scratch stops its recorder at every start).
/// Playing and starting a recording are not here yet: they fail and the image's fallbacks run.
/// </summary>
public static class SoundPlugin
{
    public const string Module = "SoundPlugin";

    public static void Register(PrimitiveTable t)
    {
        t.AddNamed(Module, "primitiveSoundStopRecording", (vm, n) => n == 0 && vm.Answer(0, vm.Stack(0)));
    }
}
