using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// `launcher run IMAGE` in a real window under Xvfb, driven by real X input: the pointer moved
/// with XWarpPointer, buttons and keys pressed with xdotool, the window captured from the X screen.
/// </summary>
public class WindowTests
{
    private static bool Dark(uint p) => ((p >> 16) & 255) + ((p >> 8) & 255) + (p & 255) < 200;

    private static int Count(XvfbServer x, byte[] rgb, int left, int top, int right, int bottom, Func<uint, bool> test)
    {
        var n = 0;
        for (var y = top; y < bottom; y++)
            for (var xx = left; xx < right; xx++)
                if (test(x.PixelAt(rgb, xx, y))) n++;
        return n;
    }

    [Fact]
    public void Cuis_in_a_window_opens_a_menu_and_a_workspace_and_takes_typing()
    {
        XvfbServer.RequireTools();
        using var x = XvfbServer.Start(1280, 1024);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "launcher.dll"));
        psi.ArgumentList.Add("run");
        psi.ArgumentList.Add(TestImages.PathOf("cuis5.0-spur32.image"));
        psi.Environment["DISPLAY"] = x.Display;
        using var launcher = Process.Start(psi)!;
        var stderr = launcher.StandardError.ReadToEndAsync();
        _ = launcher.StandardOutput.ReadToEndAsync();
        try
        {
            var (wx, wy) = WaitForWindow(x, "cuis5.0-spur32.image", launcher, stderr);
            // The world is drawn when Cuis' blue desktop picture fills the window's top left area.
            byte[] shot = [];
            var deadline = Environment.TickCount64 + 30_000;
            while (Environment.TickCount64 < deadline)
            {
                shot = x.Grab();
                if (Count(x, shot, wx + 20, wy + 100, wx + 200, wy + 200, p => (p & 255) > ((p >> 16) & 255) + 50) > 15000) break;
                Thread.Sleep(500);
            }
            Assert.True(Count(x, shot, wx + 210, wy + 170, wx + 330, wy + 420, Dark) < 50, "the desktop is not drawn");

            // Each step waits for its effect (up to 30 s), so a loaded machine only makes it slower.
            bool MenuIsOpen(byte[] g) => Count(x, g, wx + 210, wy + 170, wx + 330, wy + 420, Dark) > 500;
            bool WorkspaceIsOpen(byte[] g) =>
                Count(x, g, wx + 100, wy + 2, wx + 800, wy + 20, p => (p >> 16 & 255) > 200 && (p >> 8 & 255) > 200 && (p & 255) < 140) > 5000;
            bool TextIsTyped(byte[] g) =>
                Count(x, g, wx + 86, wy + 26, wx + 200, wy + 40, p => Dark(p) || ((p >> 16 & 255) > 150 && (p >> 8 & 255) < 80)) > 100;

            x.MovePointer(wx + 200, wy + 150);
            x.Click();
            Assert.True(MenuIsOpen(WaitFor(x, MenuIsOpen)), "the world menu did not open");

            var menu = x.Grab();
            x.MovePointer(wx + 245, wy + 176);
            x.Click();
            WaitFor(x, g => !g.AsSpan().SequenceEqual(menu));
            Thread.Sleep(1000);
            x.MovePointer(wx + 300, wy + 221);
            x.Click();
            Assert.True(WorkspaceIsOpen(WaitFor(x, WorkspaceIsOpen)), "no workspace title bar");
            x.MovePointer(wx + 400, wy + 300);
            x.Type("Hello X11");
            Assert.True(TextIsTyped(WaitFor(x, TextIsTyped)), "the typed text is not in the workspace");
        }
        finally
        {
            if (!launcher.HasExited) launcher.Kill(true);
            launcher.WaitForExit();
        }
    }

    /// <summary>Grabs the screen until the test holds or 30 s pass; answers the last grab.</summary>
    private static byte[] WaitFor(XvfbServer x, Func<byte[], bool> test)
    {
        var deadline = Environment.TickCount64 + 30_000;
        while (true)
        {
            var shot = x.Grab();
            if (test(shot) || Environment.TickCount64 > deadline) return shot;
            Thread.Sleep(300);
        }
    }

    /// <summary>The window's position on the X screen, once it is mapped.</summary>
    private static (int X, int Y) WaitForWindow(XvfbServer x, string title, Process launcher, Task<string> stderr)
    {
        var deadline = Environment.TickCount64 + 30_000;
        while (Environment.TickCount64 < deadline)
        {
            if (launcher.HasExited) Assert.Fail("the launcher ended: " + stderr.Result);
            // A window destroyed while xwininfo walks the tree (SDL makes and drops some at start-up) fails the walk: look again.
            var tree = x.TryRun("xwininfo", "-root -tree", out _) ?? "";
            var m = Regex.Match(tree, "\"" + Regex.Escape(title) + "\".*?\\s(\\d+)x(\\d+)[+-]\\d+[+-]\\d+\\s+\\+(\\d+)\\+(\\d+)");
            if (m.Success && int.Parse(m.Groups[1].Value) > 100) return (int.Parse(m.Groups[3].Value), int.Parse(m.Groups[4].Value));
            Thread.Sleep(300);
        }
        throw new TimeoutException("the window did not appear");
    }
}
