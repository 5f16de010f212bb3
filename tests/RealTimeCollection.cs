using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// Tests that measure rates against the wall clock (sound keeping up in real time): they run on
/// their own after the parallel part of the suite, so the suite's own load does not starve them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealTimeCollection
{
    public const string Name = "Real time";
}
