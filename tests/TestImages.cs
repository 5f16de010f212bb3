using ImageAot.Runtime.Image;

namespace ImageAot.Tests;

/// <summary>
/// The real images in ../shared/images (beside the repository). Loaded once per test run:
/// they are read-only inputs, and tests that change an image work on a fresh load.
/// </summary>
public static class TestImages
{
    public static readonly string[] All =
    [
        "squeak2-mini.image", "squeakjs-benchmark.image", "squeak2.2-bigendian.image", "m5squeak-trailing-bytes.image",
        "bootstrapped-closures.image", "cuis4.1-reduced.image", "cuis5.0-spur32.image", "squeakjs-headless-spur32.image",
        "pharo8-kernel-spur64.image",
    ];

    public static IEnumerable<object[]> AllNames() => All.Select(n => new object[] { n });

    private static readonly Lazy<string> Dir = new(FindDirectory);
    private static readonly Dictionary<string, SqueakImage> Cache = new();

    public static string PathOf(string name)
    {
        var path = Path.Combine(Dir.Value, name);
        if (!File.Exists(path)) throw new FileNotFoundException($"test image {name} is missing from {Dir.Value}");
        return path;
    }

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    /// <summary>A shared, read-only loaded image.</summary>
    public static SqueakImage Shared(string name)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(name, out var image)) Cache[name] = image = ImageReader.Load(PathOf(name));
            return image;
        }
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ImageAot.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (ImageAot.sln)");
    }

    private static string FindDirectory()
    {
        var fromEnv = Environment.GetEnvironmentVariable("IMAGEAOT_IMAGES");
        if (!string.IsNullOrEmpty(fromEnv)) return fromEnv;
        var dir = Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "images"));
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"the test images are expected in {dir} (../shared/images beside the repository)");
        return dir;
    }
}
