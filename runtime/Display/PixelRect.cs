namespace ImageAot.Runtime.Display;

/// <summary>A rectangle of screen pixels, right and bottom exclusive.</summary>
public readonly record struct PixelRect(int Left, int Top, int Right, int Bottom)
{
    public static readonly PixelRect Empty = new(0, 0, 0, 0);

    public bool IsEmpty => Right <= Left || Bottom <= Top;
    public int Width => Math.Max(0, Right - Left);
    public int Height => Math.Max(0, Bottom - Top);

    public PixelRect Union(PixelRect o) =>
        IsEmpty ? o : o.IsEmpty ? this : new(Math.Min(Left, o.Left), Math.Min(Top, o.Top), Math.Max(Right, o.Right), Math.Max(Bottom, o.Bottom));

    public PixelRect Intersect(PixelRect o)
    {
        var r = new PixelRect(Math.Max(Left, o.Left), Math.Max(Top, o.Top), Math.Min(Right, o.Right), Math.Min(Bottom, o.Bottom));
        return r.IsEmpty ? Empty : r;
    }

    public static PixelRect Sized(int width, int height) => new(0, 0, width, height);
}
