using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;
using ImageAot.Runtime.Primitives;

namespace ImageAot.Runtime.Plugins;

/// <summary>
/// The FilePlugin: files, directories and the standard streams, as the C VM's FilePlugin
/// and SqueakJS answer them (1-based buffer indices, counts in elements of the buffer,
/// "answer self" where the C plugin pops only the arguments). Also the pre-3.0 numbered
/// file primitives 150–163 and 169 that Squeak 1.x/2.x images call instead.
///
/// A file handle is a 16-byte ByteArray the image keeps: a magic word, this VM's session
/// number and the id of an entry in a per-interpreter table of .NET streams. A handle from
/// an earlier session (a saved image) or a closed one no longer finds an entry, and every
/// primitive given it fails, as the C VM's session check does.
/// </summary>
public static class FilePlugin
{
    public const string Module = "FilePlugin";

    private const int HandleSize = 16;
    private const uint HandleMagic = 0x4641_4F49; // "IOAF" in memory order
    private const int Stdin = 0, Stdout = 1, Stderr = 2;

    public static void Register(PrimitiveTable t)
    {
        void Add(string name, Primitive p) => t.AddNamed(Module, name, p);
        Add("primitiveFileOpen", FileOpen);
        Add("primitiveFileOpenNew", FileOpenNew);
        Add("primitiveFileClose", FileClose);
        Add("primitiveFileRead", FileRead);
        Add("primitiveFileWrite", FileWrite);
        Add("primitiveFileSize", FileSize);
        Add("primitiveFileGetPosition", FileGetPosition);
        Add("primitiveFileSetPosition", FileSetPosition);
        Add("primitiveFileAtEnd", FileAtEnd);
        Add("primitiveFileTruncate", FileTruncate);
        Add("primitiveFileFlush", FileFlush);
        Add("primitiveFileSync", FileSync);
        Add("primitiveFileDelete", FileDelete);
        Add("primitiveFileRename", FileRename);
        Add("primitiveFileStdioHandles", FileStdioHandles);
        Add("primitiveFileDescriptorType", FileDescriptorType);
        Add("primitiveDirectoryLookup", DirectoryLookup);
        Add("primitiveDirectoryEntry", DirectoryEntry);
        Add("primitiveDirectoryCreate", DirectoryCreate);
        Add("primitiveDirectoryDelete", DirectoryDelete);
        Add("primitiveDirectoryDelimitor", DirectoryDelimitor);
        Add("primitiveDirectoryGetMacTypeAndCreator", DirectoryMacTypeAndCreator);
        Add("primitiveDirectorySetMacTypeAndCreator", DirectoryMacTypeAndCreator);
        Add("primitiveHasFileAccess", HasFileAccess);
        Add("primitiveDisableFileAccess", (vm, n) => n == 0 && vm.Answer(0, vm.Stack(0)));

        // Squeak 1.x/2.x numbered file primitives (closure images use these numbers for other things).
        PreClosurePrimitives.Add(t, 150, FileAtEnd);
        PreClosurePrimitives.Add(t, 151, FileClose);
        PreClosurePrimitives.Add(t, 152, FileGetPosition);
        PreClosurePrimitives.Add(t, 153, FileOpen);
        PreClosurePrimitives.Add(t, 154, FileRead);
        PreClosurePrimitives.Add(t, 155, FileSetPosition);
        PreClosurePrimitives.Add(t, 156, FileDelete);
        PreClosurePrimitives.Add(t, 157, FileSize);
        PreClosurePrimitives.Add(t, 158, FileWrite);
        PreClosurePrimitives.Add(t, 159, FileRename);
        PreClosurePrimitives.Add(t, 160, DirectoryCreate);
        PreClosurePrimitives.Add(t, 161, DirectoryDelimitor);
        PreClosurePrimitives.Add(t, 162, DirectoryLookup);
        PreClosurePrimitives.Add(t, 163, DirectoryDelete);
        PreClosurePrimitives.Add(t, 169, DirectoryMacTypeAndCreator);
    }

    // ---- the table of open files

    private sealed class OpenFile
    {
        public FileStream? Stream;      // null for the standard streams
        public int Stdio = -1;          // 0, 1, 2 for stdin, stdout, stderr
        public bool Writable;
        public long StdioPosition;      // bytes read from / written to a standard stream through this handle
        public bool StdinAtEnd;
    }

    private sealed class FileTable
    {
        public readonly int Session = Random.Shared.Next(1, int.MaxValue);
        public long NextId = 1;
        public readonly Dictionary<long, OpenFile> Files = new();
        // Directory listing kept between primitiveDirectoryLookup calls (index 1, 2, 3 … on one path).
        public string? ListedDirectory;
        public string[] Listed = [];
        public Stream? StdinStream;
    }

    private static readonly ConditionalWeakTable<Interpreter, FileTable> Tables = CreateTables();

    private static ConditionalWeakTable<Interpreter, FileTable> CreateTables()
    {
        // The C VM's stdio buffers are written out when the process exits; .NET runs no
        // finalizers then, so flush whatever the images left open.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => FlushAll();
        return new();
    }

    private static FileTable TableOf(Interpreter vm) => Tables.GetValue(vm, _ => new FileTable());

    /// <summary>Writes out the buffers of every file any interpreter has open (at exit, or before a snapshot).</summary>
    public static void FlushAll()
    {
        foreach (var (_, table) in Tables)
            foreach (var file in table.Files.Values.ToArray())
                try { file.Stream?.Flush(); } catch (Exception) { /* a file that cannot be written keeps its loss */ }
    }

    /// <summary>Number of files the image has open through this interpreter (standard streams included).</summary>
    public static int OpenFileCount(Interpreter vm) => TableOf(vm).Files.Count;

    private static BytesObject NewHandle(Interpreter vm, OpenFile file)
    {
        var table = TableOf(vm);
        var id = table.NextId++;
        table.Files[id] = file;
        var bytes = new byte[HandleSize];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, HandleMagic);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), table.Session);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), id);
        return vm.Mem.NewBytes(vm.Mem.ClassByteArray, bytes);
    }

    private static bool TryHandleId(Interpreter vm, Value v, out long id)
    {
        id = 0;
        if (v.Ref is not BytesObject b || b.Bytes.Length != HandleSize) return false;
        if (BinaryPrimitives.ReadUInt32LittleEndian(b.Bytes) != HandleMagic) return false;
        if (BinaryPrimitives.ReadInt32LittleEndian(b.Bytes.AsSpan(4)) != TableOf(vm).Session) return false;
        id = BinaryPrimitives.ReadInt64LittleEndian(b.Bytes.AsSpan(8));
        return true;
    }

    private static OpenFile? FileOf(Interpreter vm, Value v) =>
        TryHandleId(vm, v, out var id) && TableOf(vm).Files.TryGetValue(id, out var f) ? f : null;

    // ---- arguments

    /// <summary>A path from a byte object: UTF-8 when the bytes are valid UTF-8 (what the C VM hands the OS), else Latin-1.</summary>
    private static string? PathOf(Value v)
    {
        if (v.Ref is not BytesObject b) return null;
        string s;
        try { s = new UTF8Encoding(false, true).GetString(b.Bytes); }
        catch (DecoderFallbackException) { s = Encoding.Latin1.GetString(b.Bytes); }
        return s.Contains('\0') ? null : s;
    }

    /// <summary>The name of a directory entry as the image gets it: a String of the name's UTF-8 bytes.</summary>
    private static BytesObject NameString(Interpreter vm, string name) =>
        vm.Mem.NewBytes(vm.Mem.ClassString, Encoding.UTF8.GetBytes(name));

    /// <summary>The raw bytes of a bytes-or-words buffer and the size of one of its elements.</summary>
    private static bool TryBuffer(Value v, out Span<byte> bytes, out int elementSize)
    {
        switch (v.Ref)
        {
            case BytesObject b: bytes = b.Bytes; elementSize = 1; return true;
            case WordsObject w: bytes = MemoryMarshal.AsBytes(w.Words.AsSpan()); elementSize = 4; return true;
            case ShortsObject s: bytes = MemoryMarshal.AsBytes(s.Shorts.AsSpan()); elementSize = 2; return true;
            case LongsObject l: bytes = MemoryMarshal.AsBytes(l.Longs.AsSpan()); elementSize = 8; return true;
            default: bytes = default; elementSize = 0; return false;
        }
    }

    private static bool TryNonNegative(Interpreter vm, Value v, out long result) =>
        vm.Mem.TryInt64(v, out result) && result >= 0;

    private static bool AnswerSelf(Interpreter vm, int n) => vm.Answer(n, vm.Stack(n));

    // ---- files

    /// <summary>primitiveFileOpen (name, writeFlag): read-only, or read-write creating the file if missing (never truncating); positioned at 0.</summary>
    public static bool FileOpen(Interpreter vm, int n)
    {
        if (n != 2) return false;
        var flag = vm.Stack(0);
        bool write;
        if (flag == vm.Mem.TrueV) write = true;
        else if (flag == vm.Mem.FalseV) write = false;
        else return vm.Fail(PrimErr.BadArgument);
        var path = PathOf(vm.Stack(1));
        if (string.IsNullOrEmpty(path) || Directory.Exists(path)) return vm.Fail();
        if (write && WriteProtection.Forbids(path)) return vm.Fail();
        FileStream stream;
        try
        {
            const FileShare share = FileShare.ReadWrite | FileShare.Delete;
            if (!write) stream = new FileStream(path, FileMode.Open, FileAccess.Read, share);
            else
            {
                try { stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, share); }
                catch (UnauthorizedAccessException) { stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, share); }
            }
        }
        catch (Exception) { return vm.Fail(); }
        return vm.Answer(n, NewHandle(vm, new OpenFile { Stream = stream, Writable = write }));
    }

    /// <summary>primitiveFileOpenNew (name): creates and opens read-write a file that must not exist yet.</summary>
    public static bool FileOpenNew(Interpreter vm, int n)
    {
        if (n != 1) return false;
        var path = PathOf(vm.Stack(0));
        if (string.IsNullOrEmpty(path)) return vm.Fail();
        if (File.Exists(path) || Directory.Exists(path)) return vm.Fail(PrimErr.Inappropriate);
        if (WriteProtection.Forbids(path)) return vm.Fail();
        FileStream stream;
        try { stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete); }
        catch (IOException) when (File.Exists(path)) { return vm.Fail(PrimErr.Inappropriate); }
        catch (Exception) { return vm.Fail(); }
        return vm.Answer(n, NewHandle(vm, new OpenFile { Stream = stream, Writable = true }));
    }

    public static bool FileClose(Interpreter vm, int n)
    {
        if (n != 1 || !TryHandleId(vm, vm.Stack(0), out var id)) return false;
        var table = TableOf(vm);
        if (!table.Files.Remove(id, out var file)) return vm.Fail();
        try
        {
            if (file.Stream is not null) file.Stream.Dispose();
            else FlushStdio(vm, file);
        }
        catch (Exception) { return vm.Fail(); }
        return AnswerSelf(vm, n);
    }

    /// <summary>primitiveFileRead (file, buffer, startIndex, count): answers the number of elements read.</summary>
    public static bool FileRead(Interpreter vm, int n)
    {
        if (n != 4) return false;
        var file = FileOf(vm, vm.Stack(3));
        if (file is null) return vm.Fail();
        if (!TryBuffer(vm.Stack(2), out var buffer, out var elementSize)) return vm.Fail(PrimErr.BadArgument);
        if (!TryNonNegative(vm, vm.Stack(1), out var start) || !TryNonNegative(vm, vm.Stack(0), out var count)) return vm.Fail(PrimErr.BadArgument);
        var slots = buffer.Length / elementSize;
        if (start < 1 || start + count - 1 > slots) return vm.Fail(PrimErr.BadIndex);
        var target = buffer.Slice((int)(start - 1) * elementSize, (int)count * elementSize);
        int read;
        try
        {
            if (file.Stream is not null) read = file.Stream.ReadAtLeast(target, target.Length, throwOnEndOfStream: false);
            else if (file.Stdio == Stdin)
            {
                if (target.Length == 0) read = 0;
                else
                {
                    var table = TableOf(vm);
                    table.StdinStream ??= Console.OpenStandardInput();
                    read = table.StdinStream.Read(target);
                    if (read == 0) file.StdinAtEnd = true;
                    file.StdioPosition += read;
                }
            }
            else return vm.Fail();
        }
        catch (Exception) { return vm.Fail(); }
        return vm.Answer(n, vm.Mem.Integer(read / elementSize));
    }

    /// <summary>primitiveFileWrite (file, buffer, startIndex, count): answers the number of elements written.</summary>
    public static bool FileWrite(Interpreter vm, int n)
    {
        if (n != 4) return false;
        var file = FileOf(vm, vm.Stack(3));
        if (file is null || !file.Writable) return vm.Fail();
        if (!TryBuffer(vm.Stack(2), out var buffer, out var elementSize)) return vm.Fail(PrimErr.BadArgument);
        if (!TryNonNegative(vm, vm.Stack(1), out var start) || !TryNonNegative(vm, vm.Stack(0), out var count)) return vm.Fail(PrimErr.BadArgument);
        var slots = buffer.Length / elementSize;
        if (start < 1 || start + count - 1 > slots) return vm.Fail(PrimErr.BadIndex);
        var source = buffer.Slice((int)(start - 1) * elementSize, (int)count * elementSize);
        try
        {
            if (file.Stream is not null) file.Stream.Write(source);
            else
            {
                var writer = file.Stdio == Stderr ? vm.Stderr : vm.Stdout;
                writer.Write(Encoding.Latin1.GetString(source));
                writer.Flush();
                file.StdioPosition += source.Length;
            }
        }
        catch (Exception) { return vm.Fail(); }
        return vm.Answer(n, vm.Mem.Integer(count));
    }

    public static bool FileSize(Interpreter vm, int n)
    {
        if (n != 1) return false;
        var file = FileOf(vm, vm.Stack(0));
        if (file?.Stream is null) return vm.Fail();
        long size;
        try { size = file.Stream.Length; }
        catch (Exception) { return vm.Fail(); }
        return vm.Answer(n, vm.Mem.Integer(size));
    }

    public static bool FileGetPosition(Interpreter vm, int n)
    {
        if (n != 1) return false;
        var file = FileOf(vm, vm.Stack(0));
        if (file is null) return vm.Fail();
        long position;
        try { position = file.Stream?.Position ?? file.StdioPosition; }
        catch (Exception) { return vm.Fail(); }
        return vm.Answer(n, vm.Mem.Integer(position));
    }

    /// <summary>primitiveFileSetPosition (file, position): answers the file; a standard stream only "moves" to where it is.</summary>
    public static bool FileSetPosition(Interpreter vm, int n)
    {
        if (n != 2) return false;
        var file = FileOf(vm, vm.Stack(1));
        if (file is null || !TryNonNegative(vm, vm.Stack(0), out var position)) return vm.Fail();
        if (file.Stream is null)
            return position == file.StdioPosition ? vm.Answer(n, vm.Stack(n)) : vm.Fail();
        try { file.Stream.Position = position; }
        catch (Exception) { return vm.Fail(); }
        return AnswerSelf(vm, n);
    }

    public static bool FileAtEnd(Interpreter vm, int n)
    {
        if (n != 1) return false;
        var file = FileOf(vm, vm.Stack(0));
        if (file is null) return vm.Fail();
        bool atEnd;
        try { atEnd = file.Stream is not null ? file.Stream.Position >= file.Stream.Length : file.StdinAtEnd; }
        catch (Exception) { return vm.Fail(); }
        return vm.Answer(n, atEnd);
    }

    /// <summary>primitiveFileTruncate (file, size): answers the file.</summary>
    public static bool FileTruncate(Interpreter vm, int n)
    {
        if (n != 2) return false;
        var file = FileOf(vm, vm.Stack(1));
        if (file?.Stream is null || !file.Writable || !TryNonNegative(vm, vm.Stack(0), out var size)) return vm.Fail();
        try
        {
            var position = file.Stream.Position;
            file.Stream.SetLength(size);
            file.Stream.Position = Math.Min(position, size);
        }
        catch (Exception) { return vm.Fail(); }
        return AnswerSelf(vm, n);
    }

    public static bool FileFlush(Interpreter vm, int n)
    {
        if (n != 1) return false;
        var file = FileOf(vm, vm.Stack(0));
        if (file is null) return vm.Fail();
        try
        {
            if (file.Stream is not null) file.Stream.Flush();
            else FlushStdio(vm, file);
        }
        catch (Exception) { return vm.Fail(); }
        return AnswerSelf(vm, n);
    }

    public static bool FileSync(Interpreter vm, int n)
    {
        if (n != 1) return false;
        var file = FileOf(vm, vm.Stack(0));
        if (file is null) return vm.Fail();
        try
        {
            if (file.Stream is not null) file.Stream.Flush(flushToDisk: true);
            else FlushStdio(vm, file);
        }
        catch (Exception) { return vm.Fail(); }
        return AnswerSelf(vm, n);
    }

    private static void FlushStdio(Interpreter vm, OpenFile file)
    {
        if (file.Stdio == Stdout) vm.Stdout.Flush();
        else if (file.Stdio == Stderr) vm.Stderr.Flush();
    }

    public static bool FileDelete(Interpreter vm, int n)
    {
        if (n != 1) return false;
        var path = PathOf(vm.Stack(0));
        if (string.IsNullOrEmpty(path) || !File.Exists(path)) return vm.Fail();
        try { File.Delete(path); }
        catch (Exception) { return vm.Fail(); }
        return AnswerSelf(vm, n);
    }

    /// <summary>primitiveFileRename (oldName, newName): like rename(2), a file replaces an existing file of the new name.</summary>
    public static bool FileRename(Interpreter vm, int n)
    {
        if (n != 2) return false;
        var from = PathOf(vm.Stack(1));
        var to = PathOf(vm.Stack(0));
        if (string.IsNullOrEmpty(from) || string.IsNullOrEmpty(to)) return vm.Fail();
        try
        {
            if (File.Exists(from)) File.Move(from, to, overwrite: true);
            else if (Directory.Exists(from)) Directory.Move(from, to);
            else return vm.Fail();
        }
        catch (Exception) { return vm.Fail(); }
        return AnswerSelf(vm, n);
    }

    /// <summary>primitiveFileStdioHandles: an Array of handles on stdin, stdout and stderr.</summary>
    public static bool FileStdioHandles(Interpreter vm, int n)
    {
        if (n != 0) return false;
        var handles = new Value[3];
        for (var i = 0; i < 3; i++)
            handles[i] = NewHandle(vm, new OpenFile { Stdio = i, Writable = i != Stdin });
        return vm.Answer(n, vm.Mem.NewArray(handles));
    }

    /// <summary>
    /// fileDescriptorType: fd — what a standard stream is connected to, as Pharo asks at start-up:
    /// 1 a terminal, 2 a pipe, 3 a file, -1 not a standard stream (or unknown).
    /// </summary>
    public static bool FileDescriptorType(Interpreter vm, int n)
    {
        if (n != 1 || !vm.Stack(0).IsSmallInt) return false;
        var fd = vm.Stack(0).SmallIntValue;
        if (fd is < 0 or > 2) return vm.Answer(n, -1L);
        var redirected = fd switch { 0 => Console.IsInputRedirected, 1 => Console.IsOutputRedirected, _ => Console.IsErrorRedirected };
        if (!redirected) return vm.Answer(n, 1L);
        string? target = null;
        try { target = new FileInfo($"/proc/self/fd/{fd}").LinkTarget; } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return vm.Answer(n, target is null ? -1L : target.StartsWith("pipe:") || target.StartsWith("socket:") ? 2L : 3L);
    }

    // ---- directories

    /// <summary>Seconds since 1901-01-01 00:00 local time, as Squeak counts file times.</summary>
    public static long SqueakSeconds(DateTime utc)
    {
        var local = utc.ToLocalTime();
        return (long)Math.Floor((local - new DateTime(1901, 1, 1, 0, 0, 0, DateTimeKind.Local)).TotalSeconds);
    }

    private static Value EntryArray(Interpreter vm, string name, string fullPath)
    {
        long created = 0, modified = 0, size = 0;
        var isDirectory = false;
        try
        {
            isDirectory = Directory.Exists(fullPath);
            FileSystemInfo info = isDirectory ? new DirectoryInfo(fullPath) : new FileInfo(fullPath);
            if (info.Exists)
            {
                created = SqueakSeconds(info.CreationTimeUtc);
                modified = SqueakSeconds(info.LastWriteTimeUtc);
                if (info is FileInfo f) size = f.Length;
            }
        }
        catch (Exception) { /* an entry that vanished or cannot be read keeps zeros */ }
        var mem = vm.Mem;
        return mem.NewArray([NameString(vm, name), mem.Integer(created), mem.Integer(modified), mem.Bool(isDirectory), mem.Integer(size)]);
    }

    private static string DirectoryPathOf(string path) => path.Length == 0 ? "." : path;

    /// <summary>primitiveDirectoryLookup (path, index): {name. creationTime. modificationTime. isDirectory. size} of the index-th entry, nil past the end; fails on a bad path.</summary>
    public static bool DirectoryLookup(Interpreter vm, int n)
    {
        if (n != 2) return false;
        var path = PathOf(vm.Stack(1));
        var index = vm.Stack(0);
        if (path is null || !index.IsSmallInt) return vm.Fail();
        var dir = DirectoryPathOf(path);
        if (!Directory.Exists(dir)) return vm.Fail();
        var table = TableOf(vm);
        if (index.SmallIntValue == 1 || table.ListedDirectory != dir)
        {
            try
            {
                var entries = Directory.GetFileSystemEntries(dir).Select(e => Path.GetFileName(e)).ToArray();
                Array.Sort(entries, StringComparer.Ordinal);
                table.Listed = entries;
                table.ListedDirectory = dir;
            }
            catch (Exception) { return vm.Fail(); }
        }
        var i = index.SmallIntValue;
        if (i < 1 || i > table.Listed.Length) return vm.Answer(n, vm.Mem.NilV);
        var name = table.Listed[i - 1];
        return vm.Answer(n, EntryArray(vm, name, Path.Combine(dir, name)));
    }

    /// <summary>primitiveDirectoryEntry (path, name): the entry array for one name, nil if it does not exist; fails on a bad path.</summary>
    public static bool DirectoryEntry(Interpreter vm, int n)
    {
        if (n != 2) return false;
        var path = PathOf(vm.Stack(1));
        var name = PathOf(vm.Stack(0));
        if (path is null || string.IsNullOrEmpty(name)) return vm.Fail();
        var dir = DirectoryPathOf(path);
        if (!Directory.Exists(dir)) return vm.Fail();
        string full;
        try { full = Path.Combine(dir, name); }
        catch (Exception) { return vm.Fail(); }
        if (!File.Exists(full) && !Directory.Exists(full)) return vm.Answer(n, vm.Mem.NilV);
        return vm.Answer(n, EntryArray(vm, name, full));
    }

    /// <summary>primitiveDirectoryCreate (path): like mkdir(2), fails if it exists or its parent does not.</summary>
    public static bool DirectoryCreate(Interpreter vm, int n)
    {
        if (n != 1) return false;
        var path = PathOf(vm.Stack(0));
        if (string.IsNullOrEmpty(path) || File.Exists(path) || Directory.Exists(path)) return vm.Fail();
        try
        {
            var parent = Path.GetDirectoryName(Path.GetFullPath(path));
            if (parent is not null && !Directory.Exists(parent)) return vm.Fail();
            Directory.CreateDirectory(path);
        }
        catch (Exception) { return vm.Fail(); }
        return AnswerSelf(vm, n);
    }

    /// <summary>primitiveDirectoryDelete (path): like rmdir(2), only an empty directory.</summary>
    public static bool DirectoryDelete(Interpreter vm, int n)
    {
        if (n != 1) return false;
        var path = PathOf(vm.Stack(0));
        if (string.IsNullOrEmpty(path) || !Directory.Exists(path)) return vm.Fail();
        try { Directory.Delete(path, recursive: false); }
        catch (Exception) { return vm.Fail(); }
        return AnswerSelf(vm, n);
    }

    public static bool DirectoryDelimitor(Interpreter vm, int n) =>
        n == 0 && vm.Answer(0, vm.Mem.Char(Path.DirectorySeparatorChar));

    /// <summary>primitiveDirectoryGet/SetMacTypeAndCreator (fileName, type, creator): no Mac file types here; succeeds without effect.</summary>
    public static bool DirectoryMacTypeAndCreator(Interpreter vm, int n)
    {
        if (n != 3) return false;
        if (vm.Stack(2).Ref is not BytesObject || vm.Stack(1).Ref is not BytesObject { Bytes.Length: 4 } || vm.Stack(0).Ref is not BytesObject { Bytes.Length: 4 })
            return vm.Fail();
        return AnswerSelf(vm, n);
    }

    public static bool HasFileAccess(Interpreter vm, int n) => n == 0 && vm.Answer(0, true);
}
