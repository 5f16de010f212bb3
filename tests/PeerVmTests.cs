using ImageAot.Runtime.Image;
using Xunit;

namespace ImageAot.Tests;

/// <summary>The classic C VM (Debian's squeak-vm, installed by scripts/setup.sh) must run an image we wrote.</summary>
public class PeerVmTests
{
    private const string SqueakVm = "/usr/lib/squeak/4.10.2.2614+20120917~dfsg/squeakvm";

    [Fact]
    public void The_C_VM_runs_the_benchmark_suite_to_its_end_on_an_image_we_saved()
    {
        Assert.True(File.Exists(SqueakVm), $"{SqueakVm} is missing: run scripts/setup.sh, which installs Debian's squeak-vm");
        var script = Path.GetFullPath(Path.Combine(TestImages.RepositoryRoot(), "..", "shared", "peers", "run-squeakvm.sh"));
        var dir = Directory.CreateTempSubdirectory("imageaot-peer-");
        try
        {
            var saved = Path.Combine(dir.FullName, "saved-benchmark.image");
            ImageWriter.Save(ImageReader.Load(TestImages.PathOf("squeakjs-benchmark.image")), saved);
            var run = ProcessRunner.Run("bash", [script, saved, "400"], TimeSpan.FromMinutes(8));
            Assert.True(run.ExitCode == 0, $"run-squeakvm.sh failed: {run.Stdout} {run.Stderr}");
            var lines = run.Stdout.Split('\n');
            Assert.Contains("exit_code 0", lines);
            Assert.Contains(lines, l => l.StartsWith("tiny_sends_per_sec.median "));
            Assert.Contains(lines, l => l.StartsWith("richards_ms.median "));
        }
        finally { dir.Delete(true); }
    }
}
