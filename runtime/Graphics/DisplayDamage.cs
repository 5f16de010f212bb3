using System.Runtime.CompilerServices;
using ImageAot.Runtime.Execution;

namespace ImageAot.Runtime.Graphics;

/// <summary>
/// The part of the display form that BitBlt has changed since a window last took it. Old images
/// never ask for the screen to be updated after drawing on Display, so a window learns what to
/// repaint from here; headless, nobody takes it and it only grows.
/// </summary>
public static class DisplayDamage
{
    private sealed class Area
    {
        public int Left = int.MaxValue, Top = int.MaxValue, Right = int.MinValue, Bottom = int.MinValue;
    }

    private static readonly ConditionalWeakTable<Interpreter, Area> Areas = new();

    public static void Add(Interpreter vm, int left, int top, int right, int bottom)
    {
        if (right <= left || bottom <= top) return;
        var a = Areas.GetOrCreateValue(vm);
        lock (a)
        {
            a.Left = Math.Min(a.Left, left);
            a.Top = Math.Min(a.Top, top);
            a.Right = Math.Max(a.Right, right);
            a.Bottom = Math.Max(a.Bottom, bottom);
        }
    }

    /// <summary>The changed rectangle (left, top, right, bottom), or null if nothing changed; resets it.</summary>
    public static (int Left, int Top, int Right, int Bottom)? Take(Interpreter vm)
    {
        if (!Areas.TryGetValue(vm, out var a)) return null;
        lock (a)
        {
            if (a.Right <= a.Left) return null;
            var r = (a.Left, a.Top, a.Right, a.Bottom);
            a.Left = a.Top = int.MaxValue;
            a.Right = a.Bottom = int.MinValue;
            return r;
        }
    }
}
