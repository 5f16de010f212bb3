using Xunit;
using Xunit.Abstractions;

namespace ImageAot.Tests;

/// <summary>Builds each bundle once for all the tests of <see cref="BundleTests"/> (bundling takes a minute or two).</summary>
public sealed class BundleFixture : IDisposable
{
    public readonly string Folder = Directory.CreateTempSubdirectory("imageaot-bundles").FullName;
    private readonly Dictionary<string, (string Path, ProcessResult Build)> built = new();

    public (string Path, ProcessResult Build) Get(string imagePath, string bundleName)
    {
        lock (built)
        {
            if (built.TryGetValue(bundleName, out var b)) return b;
            var path = Path.Combine(Folder, bundleName);
            var r = ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "recompile.dll"), imagePath, "--bundle", path], TimeSpan.FromMinutes(8));
            return built[bundleName] = (path, r);
        }
    }

    public void Dispose()
    {
        foreach (var d in Directory.EnumerateDirectories(Folder, "*", SearchOption.AllDirectories))
            File.SetUnixFileMode(d, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.Delete(Folder, true);
    }
}

/// <summary>
/// `recompile IMAGE --bundle OUT`: one executable with the VM, the image and its precompiled code,
/// run as a user without .NET would run it (an empty environment: no PATH, no SDK variables).
/// </summary>
public class BundleTests(BundleFixture bundles, ITestOutputHelper output) : IClassFixture<BundleFixture>
{
    private static string Scratch => Path.Combine(TestImages.RepositoryRoot(), ".cache", "scratch", "Scratch.image");

    private (string Path, ProcessResult Build) Bundle(string imagePath, string name)
    {
        var (path, build) = bundles.Get(imagePath, name);
        Assert.True(build.ExitCode == 0, build.Stderr + build.Stdout);
        return (path, build);
    }

    /// <summary>Runs a bundle with nothing in its environment but a home folder (where its user data folder goes).</summary>
    private ProcessResult RunBundle(string bundle, string home, params string[] args)
    {
        var r = ProcessRunner.Run(bundle, args, TimeSpan.FromMinutes(2), new Dictionary<string, string> { ["HOME"] = home }, cleanEnvironment: true);
        output.WriteLine($"{Path.GetFileName(bundle)} {string.Join(' ', args)} -> {r.ExitCode}: {r.Stdout.Trim()} {r.Stderr.Trim()}");
        return r;
    }

    private string NewHome() => Directory.CreateDirectory(Path.Combine(bundles.Folder, "home-" + Guid.NewGuid().ToString("n")[..8])).FullName;

    [Fact]
    public void The_Scratch_bundle_shows_Scratch_without_dotnet_and_stays_under_100_MB()
    {
        Assert.True(File.Exists(Scratch), "Scratch.image is missing: scripts/setup.sh fetches it from Debian's scratch package");
        var (bundle, build) = Bundle(Scratch, "scratch");
        output.WriteLine(build.Stdout);
        Assert.True(new FileInfo(bundle).Length < 100L << 20, $"the bundle takes {new FileInfo(bundle).Length >> 20} MB");
        var shot = Path.Combine(bundles.Folder, "scratch-bundle.png");
        var r = RunBundle(bundle, NewHome(), "--headless", "--screenshot", shot, "--after", "12");
        Assert.True(r.ExitCode == 0, r.Stderr);
        LauncherRunTests.AssertScratchStartScreen(shot);
    }

    [Fact]
    public void The_Cuis_bundle_evaluates_reads_its_sources_draws_and_keeps_a_saved_snapshot_until_asked_for_the_pristine_image()
    {
        var (bundle, _) = Bundle(TestImages.PathOf("cuis5.0-spur32.image"), "cuis5");
        var home = NewHome();
        Assert.Equal("7", RunBundle(bundle, home, "--eval", "3 + 4").Stdout.Trim());
        // The method's source as written (its argument's name), read from the bundled .sources and .changes, not a decompilation (arg1).
        var source = RunBundle(bundle, home, "--eval", "(Object sourceCodeAt: #printStringLimitedTo:) asString").Stdout;
        Assert.Contains("printStringLimitedTo: limit", source);

        var shot = Path.Combine(home, "cuis.png");
        Assert.Equal(0, RunBundle(bundle, home, "--headless", "--screenshot", shot, "--after", "8").ExitCode);   // the desktop picture is a JPEG decoded after start-up
        var png = PngReader.Read(shot);
        Assert.Equal((1008, 532), (png.Width, png.Height));
        var desktop = png.Rgb(150, 100);
        Assert.True((desktop & 255) > (desktop >> 16) + 60, $"Cuis' blue desktop picture is not there ({desktop:X6})");

        Assert.Equal(0, RunBundle(bundle, home, "--eval", "Smalltalk at: #BundleMark put: 42. Smalltalk snapshotPrimitive").ExitCode);
        Assert.True(File.Exists(Path.Combine(home, ".local", "share", "cuis5", "cuis5.0-spur32.image")), "the snapshot is not in the user's data folder");
        Assert.Equal("42", RunBundle(bundle, home, "--eval", "Smalltalk at: #BundleMark ifAbsent: [nil]").Stdout.Trim());
        Assert.Equal("nil", RunBundle(bundle, home, "--pristine", "--eval", "Smalltalk at: #BundleMark ifAbsent: [nil]").Stdout.Trim());
        Assert.Equal("nil", RunBundle(bundle, home, "--eval", "Smalltalk at: #BundleMark ifAbsent: [nil]").Stdout.Trim());
    }

    [Fact]
    public void A_truncated_bundle_says_it_is_damaged()
    {
        var (bundle, _) = Bundle(TestImages.PathOf("cuis5.0-spur32.image"), "cuis5");
        var damaged = Path.Combine(bundles.Folder, "damaged");
        using (var input = File.OpenRead(bundle))
        using (var copy = File.Create(damaged))
        {
            input.CopyTo(copy);
            copy.SetLength(input.Length - 5000);
        }
        File.SetUnixFileMode(damaged, File.GetUnixFileMode(bundle));
        var r = RunBundle(damaged, NewHome(), "--eval", "3 + 4");
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("error: the bundle is damaged", r.Stderr.Trim());
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void Without_a_writable_user_folder_a_snapshot_fails_and_the_image_goes_on()
    {
        var (bundle, _) = Bundle(TestImages.PathOf("cuis5.0-spur32.image"), "cuis5");
        var home = NewHome();
        var readOnly = Directory.CreateDirectory(Path.Combine(home, "read-only")).FullName;
        File.SetUnixFileMode(readOnly, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var r = ProcessRunner.Run(bundle, ["--eval", "Smalltalk snapshotPrimitive. 3 + 4"], TimeSpan.FromMinutes(2),
            new Dictionary<string, string> { ["HOME"] = home, ["XDG_DATA_HOME"] = readOnly }, cleanEnvironment: true);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("7", r.Stdout.Trim());   // Cuis' fallback for the failed primitive answers nil, and the expression goes on
        Assert.Empty(Directory.EnumerateFileSystemEntries(readOnly));
    }

    [Fact]
    public void An_unreadable_image_gives_one_line_and_leaves_no_bundle()
    {
        var bad = Path.Combine(bundles.Folder, "bad.image");
        File.WriteAllBytes(bad, new byte[300]);
        var output = Path.Combine(bundles.Folder, "bad-bundle");
        var r = ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "recompile.dll"), bad, "--bundle", output], TimeSpan.FromMinutes(1));
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("error: ", r.Stderr.Trim());
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.False(File.Exists(output) || File.Exists(output + ".partial"), "a partial bundle was left behind");
    }
}
