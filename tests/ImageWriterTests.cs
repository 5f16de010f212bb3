using ImageAot.Runtime.Image;
using ImageAot.Runtime.Inspection;
using ImageAot.Runtime.ObjectModel;
using Xunit;

namespace ImageAot.Tests;

public class ImageWriterTests
{
    [Theory]
    [MemberData(nameof(TestImages.AllNames), MemberType = typeof(TestImages))]
    public void Reading_what_we_wrote_gives_the_same_object_graph(string name)
    {
        var original = ImageReader.Load(TestImages.PathOf(name));
        var bytes = ImageWriter.Write(original, out var written);
        var reread = ImageReader.Load(bytes);

        Assert.Equal(original.Format, reread.Format);
        Assert.Equal(original.LittleEndian, reread.LittleEndian);
        Assert.Equal(written, reread.Objects.Count);
        var paired = HeapGraph.AssertSameGraph(original.SpecialObjects, reread.SpecialObjects);
        Assert.Equal(written, paired);

        var (a, b) = (ImageInfo.Of(original), ImageInfo.Of(reread));
        Assert.Equal(a.ActiveContext, b.ActiveContext);
        Assert.Equal(a.SpecialClasses, b.SpecialClasses);
    }

    [Theory]
    [InlineData("squeak2-mini.image")]
    [InlineData("squeakjs-benchmark.image")]
    [InlineData("cuis4.1-reduced.image")]
    public void A_collected_V3_image_is_written_back_byte_for_byte(string name)
    {
        // These snapshots hold no garbage and no GC bits, so the writer must reproduce them exactly.
        var original = TestImages.Bytes(name);
        Assert.Equal(original, ImageWriter.Write(ImageReader.Load(original), out _));
    }

    [Fact]
    public void Unreachable_objects_and_forwarders_are_dropped()
    {
        // squeakjs-headless-spur32 was saved without a final GC: 92 unreachable objects.
        var image = ImageReader.Load(TestImages.PathOf("squeakjs-headless-spur32.image"));
        ImageWriter.Write(image, out var written);
        Assert.Equal(image.Objects.Count - 92, written);
    }

    [Theory]
    [InlineData("squeak2-mini.image")]
    [InlineData("squeak2.2-bigendian.image")]
    [InlineData("cuis4.1-reduced.image")]
    [InlineData("cuis5.0-spur32.image")]
    [InlineData("pharo8-kernel-spur64.image")]
    public void Objects_created_at_run_time_are_written_too(string name)
    {
        var image = ImageReader.Load(TestImages.PathOf(name));
        var array = (PointersObject)image.Special(SpecialObjectIndex.SpecialSelectors).Obj;
        var stringClass = image.Special(SpecialObjectIndex.ClassString).Obj;
        var floatClass = image.Special(SpecialObjectIndex.ClassFloat).Obj;
        var pointClass = (PointersObject)image.Special(SpecialObjectIndex.ClassPoint).Obj;
        // A new class (a copy of Point, never entered in a Spur class table) and an instance of it.
        var newClass = new PointersObject(pointClass.Class, 0, pointClass.Format, (Value[])pointClass.Slots.Clone());
        var instance = new PointersObject(newClass, 77, 1, [Value.SmallInt(3), Value.SmallInt(-4)]);
        var text = new BytesObject(stringClass, 12, StringFormat(image), "hello snapshot"u8.ToArray());
        var boxed = new FloatObject(floatClass, 5, image.IsSpur ? (byte)10 : (byte)6, 1e300);
        var fresh = new PointersObject(array.Class, 9, array.Format, [text, boxed, instance, Value.SmallInt(-12345)]);
        image.SpecialObjects.Slots = [.. image.SpecialObjects.Slots, fresh];

        var reread = ImageReader.Load(ImageWriter.Write(image, out _));
        var back = (PointersObject)reread.SpecialObjects.Slots[^1].Obj;
        Assert.Equal("hello snapshot", ((BytesObject)back.Slots[0].Obj).AsString());
        Assert.Equal(1e300, ((FloatObject)back.Slots[1].Obj).Value);
        var inst = (PointersObject)back.Slots[2].Obj;
        Assert.Equal([Value.SmallInt(3), Value.SmallInt(-4)], inst.Slots);
        Assert.Equal(-12345, back.Slots[3].SmallIntValue);
        Assert.NotSame(reread.Special(SpecialObjectIndex.ClassPoint).Obj, inst.Class);
        if (image.IsSpur) Assert.Same(inst.Class, reread.ClassTable[inst.Class.Hash]);
        HeapGraph.AssertSameGraph(image.SpecialObjects, reread.SpecialObjects);
    }

    private static byte StringFormat(SqueakImage image) => image.IsSpur ? (byte)16 : (byte)8;

    [Fact]
    public void Save_writes_a_file_that_loads_again()
    {
        var path = Path.Combine(Path.GetTempPath(), $"imageaot-save-{Guid.NewGuid():N}.image");
        try
        {
            var stats = ImageWriter.Save(ImageReader.Load(TestImages.PathOf("bootstrapped-closures.image")), path);
            Assert.Equal(new FileInfo(path).Length, stats.Bytes);
            Assert.Equal(stats.ObjectCount, ImageReader.Load(path).Objects.Count);
        }
        finally { File.Delete(path); }
    }
}

/// <summary>CodeParadise's kernel lists Float in the class table twice (index 4 and 34): its floats must keep the visible index.</summary>
public class SpurClassTableTests
{
    private const string Cp = "cp-tiny-2025-sistav1-spur32.image";

    [Fact]
    public void Launcher_save_of_a_class_listed_below_index_32_writes_an_image_that_loads_again()
    {
        var dir = Directory.CreateTempSubdirectory("imageaot-cp-save").FullName;
        try
        {
            var path = Path.Combine(dir, "cp.image");
            var save = LauncherCli.Run("save", TestImages.PathOf(Cp), path);
            Assert.True(save.ExitCode == 0, save.Stdout + save.Stderr);
            var info = LauncherCli.Run("info", path);
            Assert.True(info.ExitCode == 0, info.Stdout + info.Stderr);
            Assert.Contains("6521", info.Stdout);

            var original = ImageReader.Load(TestImages.PathOf(Cp));
            var reread = ImageReader.Load(path);
            // Everything reachable comes back, and nothing else (the file also holds 3 unreachable objects).
            Assert.Equal(reread.Objects.Count, HeapGraph.AssertSameGraph(original.SpecialObjects, reread.SpecialObjects));
            var floatClass = reread.SpecialObjects.Slots[SpecialObjectIndex.ClassFloat].Obj;
            Assert.Equal(original.SpecialObjects.Slots[SpecialObjectIndex.ClassFloat].Obj.Hash, floatClass.Hash);
            Assert.Contains(reread.Objects, o => o is FloatObject && ReferenceEquals(o.Class, floatClass));
            // Written once more, the image is the same bytes: nothing drifts from save to save.
            Assert.Equal(ImageWriter.Write(reread, out _), File.ReadAllBytes(path));
        }
        finally { Directory.Delete(dir, true); }
    }
}

public class ImageFileLayoutTests
{
    [Theory]
    [InlineData("cuis5.0-spur32.image", 0)]
    [InlineData("cuis5.0-spur32.image", 1 << 20)]
    [InlineData("pharo8-kernel-spur64.image", 4 << 20)]
    [InlineData("squeakjs-headless-spur32.image", 64)]
    public void Multi_segment_Spur_images_load(string name, long gap)
    {
        var image = ImageReader.Load(TestImages.PathOf(name));
        var bytes = ImageWriter.Write(image, out var written, new SpurSegmentLayout(new FileInfo(TestImages.PathOf(name)).Length / 3, gap));
        var reread = ImageReader.Load(bytes);
        Assert.InRange(reread.SegmentCount, 3, 5);
        Assert.Equal(written, reread.Objects.Count);
        HeapGraph.AssertSameGraph(image.SpecialObjects, reread.SpecialObjects);
        // and written back as one segment, it is the same image again
        var single = ImageReader.Load(ImageWriter.Write(reread, out _));
        Assert.Equal(1, single.SegmentCount);
        HeapGraph.AssertSameGraph(image.SpecialObjects, single.SpecialObjects);
    }

    [Theory]
    [InlineData("squeak2-mini.image")]
    [InlineData("squeak2.2-bigendian.image")]
    [InlineData("cuis5.0-spur32.image")]
    [InlineData("pharo8-kernel-spur64.image")]
    public void A_512_byte_prefix_is_skipped_and_kept(string name)
    {
        var original = TestImages.Bytes(name);
        var prefixed = new byte[512 + original.Length];
        "a resource fork prefix"u8.CopyTo(prefixed);
        original.CopyTo(prefixed, 512);
        var image = ImageReader.Load(prefixed);
        Assert.Equal(512, image.FilePrefix.Length);
        Assert.Equal(TestImages.Shared(name).Objects.Count, image.Objects.Count);
        var written = ImageWriter.Write(image, out _);
        Assert.Equal(prefixed.AsSpan(0, 512).ToArray(), written[..512]);
        HeapGraph.AssertSameGraph(image.SpecialObjects, ImageReader.Load(written).SpecialObjects);
    }
}
