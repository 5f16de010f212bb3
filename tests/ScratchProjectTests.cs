using ImageAot.Recompiler;
using ImageAot.Runtime.Display;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Image;
using Xunit;
using Xunit.Abstractions;

namespace ImageAot.Tests;

/// <summary>
/// Scratch's sample projects (Debian's scratch package, beside the image in .cache/scratch): each
/// opens from the command line as Debian's launcher opens it, in the recompiled tier, runs its
/// green-flag scripts, and no error dialog or notifier appears. The suite takes a few projects a
/// day in turn (and always one with JPEG costumes); IMAGEAOT_SCRATCH_PROJECTS=all takes all 79.
/// </summary>
public class ScratchProjectTests(ITestOutputHelper output)
{
    private static readonly string Folder = Path.Combine(TestImages.RepositoryRoot(), ".cache", "scratch");
    private static readonly Lazy<CompiledCode> Bodies = new(() =>
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("imageaot-scratch").FullName, "Scratch.dll");
        ImageRecompiler.Recompile(ImageReader.Load(Path.Combine(Folder, "Scratch.image")), path);
        return CompiledAssembly.Load(path);
    });

    public static IEnumerable<object[]> Projects()
    {
        var all = Directory.Exists(Path.Combine(Folder, "Projects"))
            ? Directory.GetFiles(Path.Combine(Folder, "Projects"), "*.sb", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList()
            : [];
        if (all.Count == 0) return [["(no sample projects: run scripts/setup.sh)"]];
        IEnumerable<string> chosen = Environment.GetEnvironmentVariable("IMAGEAOT_SCRATCH_PROJECTS") == "all"
            ? all
            : Enumerable.Range(0, 2).Select(k => all[(DateTime.UtcNow.DayOfYear * 2 + k) % all.Count])
                .Append(all.First(p => p.EndsWith("1 Joke.sb", StringComparison.Ordinal))).Distinct();
        return chosen.Select(p => new object[] { Path.GetRelativePath(Path.Combine(Folder, "Projects"), p) });
    }

    /// <summary>Records the titles Scratch gives its window: it names it after a project once the project is open.</summary>
    private sealed class TitleWatcher : IDisplayHost
    {
        public volatile string? Title;
        public void ScreenChanged(Screen screen) { }
        public void SetCursor(CursorImage? cursor) { }
        public string? GetClipboard() => null;
        public void SetClipboard(string text) { }
        public void SetFullScreen(bool on) { }
        public void SetTitle(string title) => Title = title;
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void A_sample_project_opens_and_runs_its_green_flag_scripts(string project)
    {
        var path = Path.Combine(Folder, "Projects", project);
        Assert.True(File.Exists(path), $"{project}: Scratch's sample projects are missing (scripts/setup.sh brings them)");
        var name = Path.GetFileNameWithoutExtension(path);
        var watcher = new TitleWatcher();
        var image = Path.Combine(Folder, "Scratch.image");
        var vm = new Interpreter(ImageReader.Load(image)) { ImagePath = image, InputSource = true, Timeout = TimeSpan.FromSeconds(240), ImageArguments = [path] };
        vm.Screen.Host = watcher;
        vm.Compiled = Bodies.Value;
        uint[] pixels = [];
        int width = 0, height = 0;
        var opened = false;
        var director = new Thread(() =>
        {
            try
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                while (clock.Elapsed.TotalSeconds < 90 && !(watcher.Title?.Contains(name, StringComparison.Ordinal) ?? false)) Thread.Sleep(200);
                opened = watcher.Title?.Contains(name, StringComparison.Ordinal) ?? false;
                Thread.Sleep(1500);
                // The green flag at the top right of the stage, in Scratch's 1024x767 start-up layout.
                EventScript.Parse("0 move 964 53\n0.1 down 964 53 red\n0.2 up 964 53 red").Replay(new EventScriptState(vm.Input, vm.Screen));
                Thread.Sleep(5000);
                vm.Screen.ShowAll(vm.DisplayForm);
                (pixels, width, height) = vm.Screen.Snapshot();
            }
            finally
            {
                vm.Input.QuitRequested = true;
                vm.Input.Interrupt();
            }
        }) { IsBackground = true };
        director.Start();
        var outcome = vm.Resume();
        director.Join();
        output.WriteLine($"{project}: {outcome}, title '{watcher.Title}'");
        Assert.Equal(RunOutcome.Quit, outcome);
        Assert.True(opened, $"{project} did not open (window title '{watcher.Title}')");
        Assert.Equal((1024, 767), (width, height));
        // No notifier's pink over the blocks palette and the scripts (the stage may be any colour). Scratch
        // handles errors of its own with error: and ifError: (it predates exceptions), so a notifier on
        // the screen, not the error: route, is what tells a real failure.
        var pink = 0;
        for (var y = 0; y < height; y++)
            for (var x = 0; x < 530; x++)
                if (pixels[y * width + x] is var p && (p >> 16 & 255) > 240 && (p >> 8 & 255) is > 180 and < 215 && (p & 255) is > 180 and < 215) pink++;
        Assert.True(pink < 200, $"{project}: an error notifier is on the screen ({pink} pink pixels)");
    }
}
