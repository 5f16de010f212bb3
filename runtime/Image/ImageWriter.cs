namespace ImageAot.Runtime.Image;

public readonly record struct WriteStats(int ObjectCount, long Bytes);

/// <summary>How a Spur heap is cut into segments: at most MaxSegmentBytes each, with GapBytes of address space between them.</summary>
public sealed record SpurSegmentLayout(long MaxSegmentBytes, long GapBytes);

/// <summary>
/// Writes an image in the format and byte order it was read in. It is the snapshot
/// primitive's back end: it walks the live object graph rather than replaying the file.
/// </summary>
public static class ImageWriter
{
    public static byte[] Write(SqueakImage image, out int objectCount, SpurSegmentLayout? segments = null)
    {
        var objects = HeapWalker.ReachableInImageOrder(image);
        objectCount = objects.Count;
        return image.IsSpur ? new SpurHeapWriter(image, objects, segments).Write() : new V3HeapWriter(image, objects).Write();
    }

    public static WriteStats Save(SqueakImage image, string path)
    {
        var bytes = Write(image, out var count);
        var temp = path + ".tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
        return new WriteStats(count, bytes.Length);
    }
}
