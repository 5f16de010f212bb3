using ImageAot.Recompiler;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Inspection;
using ImageAot.Runtime.Image;
using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// The Pharo 8 kernel as Pharo's command line: its snapshot is the bootstrap's DoIt, whose
/// first run initialises the image, saves it and quits (as Pharo's bootstrap does); a run of
/// the saved image handles its arguments. Every run works on a copy in a temporary folder.
/// </summary>
public class PharoCommandLineTests
{
    private const string Pharo = "pharo8-kernel-spur64.image";

    /// <summary>What SystemVersion current prints: the bootstrap DoIt's arguments (Pharo 8.0.0, build 1080, the commit) and the word size.</summary>
    private const string ImageVersion = "Pharo-8.0.0+build.1080.sha.9f5ce2e933bc762841674ca3cf8476248a10247d (64 Bit)";

    private static readonly Lazy<string> Initialized = new(Initialize);

    /// <summary>The bootstrap image after its first run (made once per test run, in the interpreter).</summary>
    private static string Initialize()
    {
        var dir = Directory.CreateTempSubdirectory("imageaot-pharo-init").FullName;
        var path = CopyInto(dir, TestImages.PathOf(Pharo), "Pharo.image");
        var r = LauncherCli.RunIn(dir, "run", path, "--headless", "--interpret-only", "--timeout", "60");
        Assert.True(r.ExitCode == 0, $"initialising run: exit {r.ExitCode}\n{r.Stdout}\n{r.Stderr}");
        return path;
    }

    private static string CopyInto(string dir, string source, string name)
    {
        var path = Path.Combine(dir, name);
        File.Copy(source, path);
        File.SetAttributes(path, FileAttributes.Normal);
        return path;
    }

    /// <summary>A fresh folder holding a writable copy of the initialised image (named Pharo.image).</summary>
    private static (string Dir, string Image) FreshCopy()
    {
        var dir = Directory.CreateTempSubdirectory("imageaot-pharo").FullName;
        return (dir, CopyInto(dir, Initialized.Value, "Pharo.image"));
    }

    [Fact]
    public void First_run_initialises_the_bootstrap_image_saves_it_and_quits_silently()
    {
        var dir = Directory.CreateTempSubdirectory("imageaot-pharo-first").FullName;
        var path = CopyInto(dir, TestImages.PathOf(Pharo), "Pharo.image");
        var r = LauncherCli.RunIn(dir, "run", path, "--headless", "--interpret-only", "--trace-missing", "--timeout", "60");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Equal("", r.Stderr);
        var saved = ImageReader.Load(path);
        Assert.NotEqual(TestImages.Bytes(Pharo), File.ReadAllBytes(path));
        Assert.Equal(68021, saved.Format.Number);
    }

    [Fact]
    public void A_read_only_bootstrap_image_is_left_alone_and_the_run_still_quits()
    {
        var dir = Directory.CreateTempSubdirectory("imageaot-pharo-ro").FullName;
        var path = CopyInto(dir, TestImages.PathOf(Pharo), "Pharo.image");
        File.SetAttributes(path, FileAttributes.ReadOnly);
        var r = LauncherCli.RunIn(dir, "run", path, "--headless", "--interpret-only", "--timeout", "60");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(TestImages.Bytes(Pharo), File.ReadAllBytes(path));
    }

    public static IEnumerable<object[]> Tiers() => [["interpreter"], ["recompiled"]];

    /// <summary>Runs the initialised image with these image arguments, interpreted or with out/Pharo.dll beside it; Pharo must log no error.</summary>
    private static ProcessResult RunPharo(string tier, params string[] imageArgs)
    {
        var r = RunPharoIn(tier, out var dir, imageArgs);
        var log = SafeRead(Path.Combine(dir, "PharoDebug.log"));
        Directory.Delete(dir, recursive: true);
        Assert.True(log == "", "Pharo logged an error: " + log);
        return r;
    }

    private static ProcessResult RunPharoIn(string tier, out string dir, params string[] imageArgs)
    {
        (dir, var image) = FreshCopy();
        var options = new List<string> { "run", image, "--headless", "--trace-missing", "--timeout", "60" };
        if (tier == "interpreter") options.Add("--interpret-only");
        else PublishAssembly(dir);
        return LauncherCli.RunIn(dir, [.. options, "--", .. imageArgs]);
    }

    private static string SafeRead(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

    private static readonly Lazy<string> Assembly = new(() =>
    {
        var dir = Directory.CreateTempSubdirectory("imageaot-pharo-dll").FullName;
        var path = Path.Combine(dir, "Pharo.dll");
        ImageRecompiler.Recompile(ImageReader.Load(Initialized.Value), path);
        return path;
    });

    /// <summary>Puts the recompiled image where `launcher run` looks for it: out/NAME.dll under the working folder.</summary>
    private static void PublishAssembly(string dir)
    {
        Directory.CreateDirectory(Path.Combine(dir, "out"));
        File.Copy(Assembly.Value, Path.Combine(dir, "out", "Pharo.dll"));
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Version_option_prints_the_image_and_vm_versions_and_exits_0(string tier)
    {
        var r = RunPharo(tier, "--version");
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stderr}");
        Assert.Equal("", r.Stderr);
        // VTermOutputDriver's cr is the image's own termcap entry: CSI, then a newline.
        var lines = r.Stdout.Split('\n');
        Assert.Equal($"Image: {ImageVersion}\e[", lines[0]);
        Assert.Equal("VM:    ImageAot", lines[1]);
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void PrintVersion_handler_prints_major_minor_and_the_full_version(string tier)
    {
        var r = RunPharo(tier, "printVersion");
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stderr}");
        Assert.Equal($"[version] 'Pharo8.0.0' '{ImageVersion}'\n", r.Stdout);
        Assert.Equal("", r.Stderr);
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void PrintVersion_numeric_and_release_options(string tier)
    {
        Assert.Equal("81080\n", RunPharo(tier, "printVersion", "--numeric").Stdout);
        Assert.Equal("8.0\n", RunPharo(tier, "printVersion", "--release").Stdout);
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Help_option_prints_the_handler_description_on_stderr_and_exits_0(string tier)
    {
        // CommandLineHandler>>printHelp writes the class comment to stderr, as Pharo does.
        var r = RunPharo(tier, "--help");
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stderr}");
        Assert.Equal("", r.Stdout);
        // The kernel's handler comment is still Pharo's class-comment template.
        Assert.StartsWith("Please comment me using the following template", r.Stderr);
        Assert.True(r.Stderr.Split('\n').Length > 10);
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void List_option_names_the_installed_handlers(string tier)
    {
        var r = RunPharo(tier, "--list");
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stderr}");
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Currently installed Command Line Handlers:", lines[0]);
        Assert.Equal(["loadHermes", "printVersion", "save"], lines.Skip(1).Select(l => l.Trim().Split(' ')[0]));
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void A_missing_hermes_file_is_reported_logged_and_exits_1(string tier)
    {
        // HermesCommandLineHandler opens the file through FilePlugin: the open fails, Pharo's error handling reports it.
        var r = RunPharoIn(tier, out var dir, "loadHermes", "missing.hermes");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("FileDoesNotExistException: 'missing.hermes'", r.Stderr);
        Assert.Contains("HermesCommandLineHandler>>processFile:", r.Stderr);
        Assert.DoesNotContain("missing primitive", r.Stderr);
        var log = SafeRead(Path.Combine(dir, "PharoDebug.log"));
        Directory.Delete(dir, recursive: true);
        Assert.Contains("FileDoesNotExistException", log);
    }

    [Fact]
    public void Command_line_runs_in_compiled_bodies_when_they_are_attached_before_the_start()
    {
        var (_, image) = FreshCopy();
        var output = new StringWriter();
        var vm = new Interpreter(ImageReader.Load(image))
        {
            ImagePath = image, Stdout = output, Timeout = TimeSpan.FromSeconds(60),
            ImageArguments = ["printVersion"], VmArguments = ["--headless"],
        };
        vm.Compiled = CompiledAssembly.Load(Assembly.Value);
        Assert.Equal(RunOutcome.Quit, vm.Resume());
        Assert.Equal(0, vm.QuitCode);
        Assert.Equal($"[version] 'Pharo8.0.0' '{ImageVersion}'\n", output.ToString());
        // Pharo's special object 8 is a SmalltalkImage, not the globals: find the method by its owner's name.
        var names = new ClassNames(vm.Image);
        var printVersion = new MethodDirectory(vm.Image, names).Owners
            .Single(o => o.Value.Selector == "printVersion" && names.NameOf(o.Value.Class) == "PrintVersionCommandLineHandler").Key;
        Assert.NotEqual(0, vm.InfoOf(printVersion).DirectEntry);
    }
}
