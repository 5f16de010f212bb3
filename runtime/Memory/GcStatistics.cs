namespace ImageAot.Runtime.Memory;

/// <summary>
/// Garbage-collection figures in the terms Squeak's vmParameterAt: reports them. The .NET GC
/// does the real work, so counts and sizes come from it (for the whole process, which is what
/// "since startup" means here); the image's own collections (primitives 130 and 131, which
/// clear weak slots) add their measured times.
/// </summary>
public sealed class GcStatistics
{
    /// <summary>Primitive 130 collections and the milliseconds they took (mark, weak clearing and the .NET full collection).</summary>
    public int ImageFullCollections;
    public double ImageFullMs;

    /// <summary>Primitive 131 collections and their milliseconds.</summary>
    public int ImageIncrementalCollections;
    public double ImageIncrementalMs;

    /// <summary>Pause time of the .NET full collections primitive 130 asked for, already in <see cref="ImageFullMs"/>.</summary>
    public double InducedFullPauseMs;

    public long WeakSlotsCleared;

    /// <summary>Full collections: every .NET generation-2 collection (primitive 130 makes one).</summary>
    public static long FullCount => GC.CollectionCount(2);

    /// <summary>Collections of the youngest generation: every .NET collection is one, as every Spur full GC starts with a scavenge.</summary>
    public static long IncrementalCount => GC.CollectionCount(0);

    /// <summary>Generation-1 collections: those that move survivors to the old generation.</summary>
    public static long TenureCount => GC.CollectionCount(1) - GC.CollectionCount(2);

    public long FullMs => (long)Math.Round(ImageFullMs);

    /// <summary>All .NET pause time that was not one of primitive 130's full collections.</summary>
    public long IncrementalMs => (long)Math.Round(Math.Max(0, GC.GetTotalPauseDuration().TotalMilliseconds - InducedFullPauseMs));

    /// <summary>Bytes in use now.</summary>
    public static long UsedBytes => GC.GetTotalMemory(false);

    /// <summary>Bytes the last .NET collection left in the older generations (1, 2, large and pinned objects), at most what is in use.</summary>
    public static long OldBytes
    {
        get
        {
            var info = GC.GetGCMemoryInfo();
            long old = 0;
            var gens = info.GenerationInfo;
            for (var g = 1; g < gens.Length; g++) old += gens[g].SizeAfterBytes;
            return Math.Clamp(old, 0, UsedBytes);
        }
    }

    /// <summary>What the last collection found allocated in generation 0: the size of .NET's "eden".</summary>
    public static long EdenBytes
    {
        get
        {
            var gens = GC.GetGCMemoryInfo().GenerationInfo;
            return gens.Length > 0 ? gens[0].SizeBeforeBytes : 0;
        }
    }
}
