using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace ImageAot.Recompiler.Bundling;

/// <summary>
/// The data a bundle carries after its executable: named files (the image, its .changes and
/// .sources, the compiled assembly), each Brotli-compressed, then a manifest and a fixed-size
/// trailer at the very end. The trailer comes last so that a truncated bundle loses it first and
/// is recognised as damaged; every file's SHA-256 is checked when it is unpacked.
/// </summary>
/// <remarks>
/// Layout: host bytes | entry bytes ... | manifest (UTF-8 lines) | trailer (64 bytes: magic,
/// manifest offset, manifest length, manifest SHA-256). Manifest: first line "bundle", tab, the
/// bundle's name; then one line per entry, tab-separated: name, offset, stored length, length,
/// SHA-256 (hex digest, decimal numbers).
/// </remarks>
public sealed class BundlePayload
{
    private static readonly byte[] Magic = "ImageAot bundle1"u8.ToArray();
    private const int TrailerSize = 64;

    public sealed record Entry(string Name, long Offset, long StoredLength, long Length, string Sha256);

    /// <summary>The name the bundle was made with: it names the user's data folder.</summary>
    public string BundleName { get; }
    public IReadOnlyList<Entry> Entries { get; }
    private readonly string path;

    private BundlePayload(string path, string bundleName, List<Entry> entries)
    {
        this.path = path;
        BundleName = bundleName;
        Entries = entries;
    }

    public Entry? Find(string name) => Entries.FirstOrDefault(e => e.Name == name);

    /// <summary>Appends the files to a copy of the host executable, writing <paramref name="outputPath"/>.</summary>
    public static void Write(string hostPath, string outputPath, string bundleName, IEnumerable<(string Name, string File)> files)
    {
        using var output = new FileStream(outputPath, FileMode.Create, FileAccess.Write);
        using (var host = File.OpenRead(hostPath)) host.CopyTo(output);
        var manifest = new StringBuilder($"bundle\t{bundleName}\n");
        foreach (var (name, file) in files)
        {
            if (name.Contains('\t') || name.Contains('\n')) throw new ArgumentException($"bad entry name '{name}'");
            var offset = output.Position;
            using var input = File.OpenRead(file);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using (var brotli = new BrotliStream(output, CompressionLevel.Optimal, leaveOpen: true))
            {
                var buffer = new byte[1 << 20];
                int n;
                while ((n = input.Read(buffer)) > 0)
                {
                    hash.AppendData(buffer, 0, n);
                    brotli.Write(buffer, 0, n);
                }
            }
            manifest.Append(CultureInfo.InvariantCulture, $"{name}\t{offset}\t{output.Position - offset}\t{input.Length}\t{Convert.ToHexString(hash.GetHashAndReset())}\n");
        }
        var manifestBytes = Encoding.UTF8.GetBytes(manifest.ToString());
        var manifestOffset = output.Position;
        output.Write(manifestBytes);
        var trailer = new byte[TrailerSize];
        Magic.CopyTo(trailer, 0);
        BitConverter.TryWriteBytes(trailer.AsSpan(16), manifestOffset);
        BitConverter.TryWriteBytes(trailer.AsSpan(24), (long)manifestBytes.Length);
        SHA256.HashData(manifestBytes).CopyTo(trailer, 32);
        output.Write(trailer);
    }

    /// <summary>Reads the manifest of the bundle at <paramref name="path"/>; a missing or inconsistent one throws <see cref="BundleDamagedException"/>.</summary>
    public static BundlePayload Open(string path)
    {
        using var file = File.OpenRead(path);
        if (file.Length < TrailerSize) throw new BundleDamagedException("it is too short to hold its data");
        var trailer = new byte[TrailerSize];
        file.Position = file.Length - TrailerSize;
        file.ReadExactly(trailer);
        if (!trailer.AsSpan(0, 16).SequenceEqual(Magic)) throw new BundleDamagedException("its data is missing (truncated?)");
        var manifestOffset = BitConverter.ToInt64(trailer, 16);
        var manifestLength = BitConverter.ToInt64(trailer, 24);
        var end = file.Length - TrailerSize;
        if (manifestOffset < 0 || manifestLength < 0 || manifestLength > 1 << 20 || manifestOffset + manifestLength != end)
            throw new BundleDamagedException("its table of contents is out of place");
        var manifestBytes = new byte[manifestLength];
        file.Position = manifestOffset;
        file.ReadExactly(manifestBytes);
        if (!SHA256.HashData(manifestBytes).AsSpan().SequenceEqual(trailer.AsSpan(32, 32)))
            throw new BundleDamagedException("its table of contents does not match its checksum");
        var lines = Encoding.UTF8.GetString(manifestBytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || !lines[0].StartsWith("bundle\t", StringComparison.Ordinal)) throw new BundleDamagedException("its table of contents is unreadable");
        var entries = new List<Entry>();
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split('\t');
            if (f.Length != 5 || !long.TryParse(f[1], out var offset) || !long.TryParse(f[2], out var stored) || !long.TryParse(f[3], out var length)
                || offset < 0 || stored < 0 || offset + stored > manifestOffset)
                throw new BundleDamagedException("its table of contents is unreadable");
            entries.Add(new Entry(f[0], offset, stored, length, f[4]));
        }
        return new BundlePayload(path, lines[0]["bundle\t".Length..], entries);
    }

    /// <summary>Unpacks an entry into memory, checking its length and digest.</summary>
    public byte[] ReadAll(Entry entry)
    {
        var data = new byte[entry.Length];
        using var brotli = OpenEntry(entry);
        try
        {
            brotli.ReadExactly(data);
            if (brotli.ReadByte() != -1) throw new BundleDamagedException($"{entry.Name} is longer than recorded");
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or InvalidOperationException)
        {
            throw new BundleDamagedException($"{entry.Name} does not unpack");
        }
        if (!Convert.ToHexString(SHA256.HashData(data)).Equals(entry.Sha256, StringComparison.OrdinalIgnoreCase))
            throw new BundleDamagedException($"{entry.Name} does not match its checksum");
        return data;
    }

    /// <summary>Unpacks an entry into a file: written beside it first and moved into place only once its digest matched.</summary>
    public void ExtractTo(Entry entry, string target)
    {
        var temporary = target + ".part" + Environment.ProcessId;
        try
        {
            using (var output = new FileStream(temporary, FileMode.Create, FileAccess.Write))
            using (var brotli = OpenEntry(entry))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[1 << 20];
                long total = 0;
                int n;
                try
                {
                    while ((n = brotli.Read(buffer)) > 0)
                    {
                        hash.AppendData(buffer, 0, n);
                        output.Write(buffer, 0, n);
                        total += n;
                    }
                }
                catch (Exception e) when (e is InvalidDataException or InvalidOperationException)
                {
                    throw new BundleDamagedException($"{entry.Name} does not unpack");
                }
                if (total != entry.Length || !Convert.ToHexString(hash.GetHashAndReset()).Equals(entry.Sha256, StringComparison.OrdinalIgnoreCase))
                    throw new BundleDamagedException($"{entry.Name} does not match its checksum");
            }
            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    private BrotliStream OpenEntry(Entry entry)
    {
        var file = File.OpenRead(path);
        return new BrotliStream(new SubStream(file, entry.Offset, entry.StoredLength), CompressionMode.Decompress);
    }
}

/// <summary>The bundle's own data is missing or does not match its checksums.</summary>
public sealed class BundleDamagedException(string detail) : Exception($"the bundle is damaged: {detail}");
