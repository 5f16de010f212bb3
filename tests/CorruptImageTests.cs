using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using ImageAot.Runtime.Image;
using ImageAot.Runtime.Inspection;
using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// Property: whatever happens to a real image file (truncation, flipped bits, overwritten
/// header fields or heap words), loading it either succeeds or ends in one
/// <see cref="ImageFormatException"/> with a one-line message, in bounded time.
/// </summary>
public class CorruptImageTests
{
    private static readonly string[] Small =
        ["squeak2-mini.image", "bootstrapped-closures.image", "squeakjs-headless-spur32.image", "squeak2.2-bigendian.image", "pharo8-kernel-spur64.image"];

    public enum Damage { Truncate, FlipBits, OverwriteHeaderField, OverwriteHeapWords }

    public record Case(string Image, Damage Damage, int Seed);

    [Fact]
    public void Every_corruption_loads_or_fails_with_a_one_line_error() =>
        Check(Small, 400);

    [Fact]
    public void Corruption_of_large_images_loads_or_fails_with_a_one_line_error() =>
        Check(["cuis4.1-reduced.image", "cuis5.0-spur32.image"], 40);

    private static void Check(string[] images, int cases)
    {
        var originals = images.ToDictionary(n => n, TestImages.Bytes);
        var gen =
            from image in Gen.Elements(images)
            from damage in Gen.Elements(Enum.GetValues<Damage>())
            from seed in Gen.Choose(0, int.MaxValue)
            select new Case(image, damage, seed);
        Prop.ForAll(gen.ToArbitrary(), c => LoadsOrFailsCleanly(Corrupt(originals[c.Image], c)))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(cases));
    }

    public static byte[] Corrupt(byte[] original, Case c)
    {
        var rng = new Random(c.Seed);
        var bytes = (byte[])original.Clone();
        switch (c.Damage)
        {
            case Damage.Truncate:
                return bytes[..rng.Next(bytes.Length)];
            case Damage.FlipBits:
                for (var i = rng.Next(1, 9); i > 0; i--)
                {
                    // Half the flips land in the header and the first objects, where they do most harm.
                    var at = rng.Next(2) == 0 ? rng.Next(Math.Min(4096, bytes.Length)) : rng.Next(bytes.Length);
                    bytes[at] ^= (byte)(1 << rng.Next(8));
                }
                return bytes;
            case Damage.OverwriteHeaderField:
                var field = rng.Next(16) * 4;
                uint[] nasty = [0, 1, 0xFFFFFFFF, 0x7FFFFFFF, (uint)bytes.Length, (uint)bytes.Length + 4, (uint)rng.Next()];
                BitConverter.TryWriteBytes(bytes.AsSpan(field, 4), nasty[rng.Next(nasty.Length)]);
                return bytes;
            default:
                for (var i = rng.Next(1, 5); i > 0; i--)
                    BitConverter.TryWriteBytes(bytes.AsSpan(rng.Next(bytes.Length / 4) * 4, 4), (uint)rng.Next() * (rng.Next(2) == 0 ? 1u : 4u));
                return bytes;
        }
    }

    private static bool LoadsOrFailsCleanly(byte[] bytes)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var image = ImageReader.Load(bytes);
            ImageInfo.Of(image); // a loaded image must also describe itself without crashing
        }
        catch (ImageFormatException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
            Assert.DoesNotContain("\n", e.Message);
        }
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"a corrupt image took {clock.Elapsed} to load");
        return true;
    }

    [Fact]
    public void Specific_bad_files_give_specific_messages()
    {
        var mini = TestImages.Bytes("squeak2-mini.image");
        Assert.Contains("empty", Fails([]));
        Assert.Contains("not a Squeak image", Fails("hello, world, this is text"u8.ToArray()));
        Assert.Contains("truncated", Fails(mini[..(mini.Length / 2)]));
        Assert.Contains("not supported", Fails(Patched(mini, 0, 68000)));
        Assert.Contains("unknown image format", Fails(Patched(mini, 0, 1234)));
        Assert.Contains("header size", Fails(Patched(mini, 4, 0x7FFFFFF0)));
        Assert.Contains("nowhere", Fails(Patched(mini, 16, 12)));
    }

    private static byte[] Patched(byte[] original, int at, uint value)
    {
        var bytes = (byte[])original.Clone();
        BitConverter.TryWriteBytes(bytes.AsSpan(at, 4), value);
        return bytes;
    }

    private static string Fails(byte[] bytes) => Assert.Throws<ImageFormatException>(() => ImageReader.Load(bytes)).Message;
}
