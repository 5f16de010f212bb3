using ImageAot.Runtime.Display;
using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// An allocation that does not fit below the heap limit fails, as on the C VM, and the VM signals
/// the low-space semaphore the image armed (primitive 125): the image's own low-space watcher then
/// shows "Space is low" (which eval reports as the error that ends it) instead of the run ending at
/// the heap limit.
/// </summary>
public class LowSpaceTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_allocation_too_big_for_the_heap_limit_shows_Space_is_low(bool compiled)
    {
        const string image = "squeak2-mini.image";
        string[] tier = compiled ? ["--assembly", RecompiledTierTests.AssemblyPathFor(image)] : ["--interpret-only"];
        // 100 million slots: 1.6 GB in this VM, over a 512 MB limit.
        var r = LauncherCli.Run(["eval", TestImages.PathOf(image), "(Array new: 100000000) size", "--max-heap", "512", "--timeout", "60", .. tier]);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("error: Space is low", r.Stderr.Trim());
    }

    [Fact]
    public void A_Scratch_costume_whose_header_asks_for_a_huge_picture_shows_Space_is_low()
    {
        var dir = Directory.CreateTempSubdirectory("imageaot-lowspace-").FullName;
        try
        {
            // A 20000x20000 32-bit picture (1.6 GB of pixels) with hardly any data.
            var png = Path.Combine(dir, "huge.png");
            File.WriteAllBytes(png, TinyPng.WithHeader(20000, 20000));
            var image = ScratchFiles.CopyImageTo(dir);
            var r = LauncherCli.Run("eval", image,
                "| frame sprite | frame := World submorphs detect: [:m | m isKindOf: ScratchFrameMorph]. " +
                "sprite := frame workPane submorphs detect: [:m | m isKindOf: ScratchSpriteMorph]. " +
                $"sprite importMedia: '{png}'. sprite media size", "--timeout", "90");
            Assert.Equal(1, r.ExitCode);
            Assert.Equal("error: Space is low", r.Stderr.Trim());
        }
        finally { Directory.Delete(dir, true); }
    }
}

/// <summary>A PNG with the given header size and a few bytes of zlib data: what a damaged or hostile file looks like.</summary>
internal static class TinyPng
{
    public static byte[] WithHeader(int width, int height)
    {
        var ihdr = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;    // bits per channel
        ihdr[9] = 6;    // RGBA
        var compressed = new MemoryStream();
        using (var z = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
            z.Write(new byte[1000]);
        var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10]);
        PngWriter.Chunk(png, "IHDR", ihdr);
        PngWriter.Chunk(png, "IDAT", compressed.ToArray());
        PngWriter.Chunk(png, "IEND", []);
        return png.ToArray();
    }
}
