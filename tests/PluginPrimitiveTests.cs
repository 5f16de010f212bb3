using System.Text;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;
using ImageAot.Runtime.Plugins;
using ImageAot.Runtime.Primitives;
using Xunit;

namespace ImageAot.Tests;

/// <summary>FilePlugin, MiscPrimitivePlugin, ConsolePlugin and primitive 105, called directly on a scratch stack.</summary>
public sealed class PluginPrimitiveTests : IDisposable
{
    private const string Spur = "cuis5.0-spur32.image";
    private const string OldV3 = "squeak2-mini.image";

    private static readonly PrimitiveTable Table = PrimitiveTable.CreateStandard();
    private readonly string dir = Directory.CreateTempSubdirectory("imageaot-plugins-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }

    private static Interpreter Vm(string image = Spur) => Interpreter.ForPrimitiveTests(TestImages.Shared(image));

    private static Primitive Named(string module, string name) =>
        Table.Named(module, name) ?? throw new InvalidOperationException($"{module}>>{name} is not registered");

    /// <summary>Pushes a sentinel, the receiver and the arguments, runs the primitive; on failure checks that the stack is as it was.</summary>
    private static bool Call(Interpreter vm, Primitive p, params Value[] receiverAndArgs)
    {
        var sentinel = vm.Mem.NewString("sentinel");
        vm.Push(sentinel);
        foreach (var v in receiverAndArgs) vm.Push(v);
        var argCount = receiverAndArgs.Length - 1;
        var ok = p(vm, argCount);
        if (ok)
        {
            Assert.Equal((Value)sentinel, vm.Stack(1));
            return true;
        }
        for (var i = 0; i <= argCount; i++) Assert.Equal(receiverAndArgs[argCount - i], vm.Stack(i));
        Assert.Equal((Value)sentinel, vm.Stack(argCount + 1));
        vm.PopN(argCount + 2);
        return false;
    }

    /// <summary>Calls a primitive that must succeed and answers its result (popped).</summary>
    private static Value Ok(Interpreter vm, Primitive p, params Value[] receiverAndArgs)
    {
        Assert.True(Call(vm, p, receiverAndArgs), "primitive failed");
        var result = vm.Pop();
        vm.Pop();
        return result;
    }

    private static Value File(Interpreter vm, string name, params Value[] receiverAndArgs) => Ok(vm, Named(FilePlugin.Module, name), receiverAndArgs);
    private static Value Misc(Interpreter vm, string name, params Value[] receiverAndArgs) => Ok(vm, Named(MiscPrimitivePlugin.Module, name), receiverAndArgs);

    private static Value Str(Interpreter vm, string s) => vm.Mem.NewString(s);
    private static Value Int(long i) => Value.SmallInt(i);
    private static string Text(Value v) => Assert.IsType<BytesObject>(v.Ref).AsString();

    private static WordsObject Bitmap(Interpreter vm, int size) =>
        Assert.IsType<WordsObject>(vm.Mem.Instantiate(vm.Mem.ClassBitmap!, size));

    // ---- FilePlugin

    [Fact]
    public void A_file_written_through_the_plugin_reads_back_with_its_size_and_positions()
    {
        var vm = Vm();
        var path = Path.Combine(dir, "data.txt");
        var nil = vm.Mem.NilV;
        var handle = File(vm, "primitiveFileOpen", nil, Str(vm, path), vm.Mem.TrueV);
        Assert.Equal(16, Assert.IsType<BytesObject>(handle.Ref).Bytes.Length);

        Assert.Equal(Int(5), File(vm, "primitiveFileWrite", nil, handle, Str(vm, "hello world"), Int(7), Int(5)));
        Assert.Equal(Int(5), File(vm, "primitiveFileGetPosition", nil, handle));
        Assert.Equal(Int(5), File(vm, "primitiveFileSize", nil, handle));
        Assert.Equal(vm.Mem.TrueV, File(vm, "primitiveFileAtEnd", nil, handle));

        Assert.Equal(nil, File(vm, "primitiveFileSetPosition", nil, handle, Int(1)));
        var buffer = Str(vm, "........");
        Assert.Equal(Int(4), File(vm, "primitiveFileRead", nil, handle, buffer, Int(3), Int(6)));   // only 4 bytes left
        Assert.Equal("..orld..", Text(buffer));
        Assert.Equal(vm.Mem.FalseV, File(vm, "primitiveFileAtEnd", nil, File(vm, "primitiveFileOpen", nil, Str(vm, path), vm.Mem.FalseV)));

        // Word buffers count in words (the file holds the bytes in memory order).
        Assert.Equal(nil, File(vm, "primitiveFileSetPosition", nil, handle, Int(0)));
        var words = Bitmap(vm, 2);
        Assert.Equal(Int(1), File(vm, "primitiveFileRead", nil, handle, words, Int(2), Int(1)));
        Assert.Equal(BitConverter.ToUInt32("worl"u8), words.Words[1]);

        Assert.Equal(nil, File(vm, "primitiveFileTruncate", nil, handle, Int(3)));
        Assert.Equal(Int(3), File(vm, "primitiveFileSize", nil, handle));
        Assert.Equal(nil, File(vm, "primitiveFileClose", nil, handle));
        Assert.Equal("wor", System.IO.File.ReadAllText(path));

        // A closed handle is dead.
        Assert.False(Call(vm, Named(FilePlugin.Module, "primitiveFileSize"), nil, handle));
    }

    [Fact]
    public void Opening_for_write_keeps_existing_contents_and_read_only_handles_refuse_writes()
    {
        var vm = Vm();
        var nil = vm.Mem.NilV;
        var path = Path.Combine(dir, "keep.txt");
        System.IO.File.WriteAllText(path, "abcdef");
        var rw = File(vm, "primitiveFileOpen", nil, Str(vm, path), vm.Mem.TrueV);
        Assert.Equal(Int(0), File(vm, "primitiveFileGetPosition", nil, rw));
        Assert.Equal(Int(6), File(vm, "primitiveFileSize", nil, rw));
        Assert.Equal(Int(2), File(vm, "primitiveFileWrite", nil, rw, Str(vm, "XY"), Int(1), Int(2)));
        File(vm, "primitiveFileClose", nil, rw);
        Assert.Equal("XYcdef", System.IO.File.ReadAllText(path));

        var ro = File(vm, "primitiveFileOpen", nil, Str(vm, path), vm.Mem.FalseV);
        Assert.False(Call(vm, Named(FilePlugin.Module, "primitiveFileWrite"), nil, ro, Str(vm, "zz"), Int(1), Int(2)));
        // Index past the buffer's end.
        Assert.False(Call(vm, Named(FilePlugin.Module, "primitiveFileRead"), nil, ro, Str(vm, "abc"), Int(2), Int(3)));
        File(vm, "primitiveFileClose", nil, ro);

        // primitiveFileOpenNew refuses an existing file with PrimErrInappropriate.
        Assert.False(Call(vm, Named(FilePlugin.Module, "primitiveFileOpenNew"), nil, Str(vm, path)));
        Assert.Equal(PrimErr.Inappropriate, vm.PrimFailCode);
        var fresh = File(vm, "primitiveFileOpenNew", nil, Str(vm, Path.Combine(dir, "new.txt")));
        Assert.Equal(Int(0), File(vm, "primitiveFileSize", nil, fresh));
        File(vm, "primitiveFileClose", nil, fresh);
    }

    [Fact]
    public void File_descriptor_type_tells_a_redirected_stream_from_no_standard_stream()
    {
        var vm = Vm();
        var nil = vm.Mem.NilV;
        // The test runner redirects standard output into a pipe or a file.
        Assert.Contains(File(vm, "primitiveFileDescriptorType", nil, Value.SmallInt(1)).SmallIntValue, new long[] { 2, 3 });
        Assert.Equal(-1, File(vm, "primitiveFileDescriptorType", nil, Value.SmallInt(7)).SmallIntValue);
        Assert.False(Call(vm, Named(FilePlugin.Module, "primitiveFileDescriptorType"), nil, vm.Mem.NilV));
    }

    [Fact]
    public void Opening_a_missing_file_for_reading_fails_and_leaves_the_stack_intact()
    {
        var vm = Vm();
        var open = Named(FilePlugin.Module, "primitiveFileOpen");
        var missing = Path.Combine(dir, "no-such-file.txt");
        Assert.False(Call(vm, open, vm.Mem.NilV, Str(vm, missing), vm.Mem.FalseV));
        Assert.False(System.IO.File.Exists(missing));
        // Not a Boolean write flag, not a string name.
        Assert.False(Call(vm, open, vm.Mem.NilV, Str(vm, missing), Int(1)));
        Assert.False(Call(vm, open, vm.Mem.NilV, Int(3), vm.Mem.TrueV));
        Assert.False(Call(vm, Named(FilePlugin.Module, "primitiveFileDelete"), vm.Mem.NilV, Str(vm, missing)));
    }

    [Fact]
    public void Directory_lookup_lists_entries_with_Squeak_times_and_nil_past_the_end()
    {
        var vm = Vm();
        var nil = vm.Mem.NilV;
        System.IO.File.WriteAllText(Path.Combine(dir, "a.txt"), "12345");
        Directory.CreateDirectory(Path.Combine(dir, "sub"));

        var first = Assert.IsType<PointersObject>(File(vm, "primitiveDirectoryLookup", nil, Str(vm, dir), Int(1)).Ref);
        Assert.Equal(5, first.Slots.Length);
        Assert.Equal("a.txt", Text(first.Slots[0]));
        var modified = FilePlugin.SqueakSeconds(System.IO.File.GetLastWriteTimeUtc(Path.Combine(dir, "a.txt")));
        Assert.True(vm.Mem.TryInt64(first.Slots[2], out var seconds));
        Assert.Equal(modified, seconds);
        // Squeak seconds count from 1901: today is well past 3.7e9.
        Assert.InRange(seconds, 3_700_000_000L, 5_000_000_000L);
        Assert.Equal(vm.Mem.FalseV, first.Slots[3]);
        Assert.Equal(Int(5), first.Slots[4]);

        var second = Assert.IsType<PointersObject>(File(vm, "primitiveDirectoryLookup", nil, Str(vm, dir), Int(2)).Ref);
        Assert.Equal("sub", Text(second.Slots[0]));
        Assert.Equal(vm.Mem.TrueV, second.Slots[3]);
        Assert.Equal(Int(0), second.Slots[4]);

        Assert.Equal(nil, File(vm, "primitiveDirectoryLookup", nil, Str(vm, dir), Int(3)));
        Assert.False(Call(vm, Named(FilePlugin.Module, "primitiveDirectoryLookup"), nil, Str(vm, Path.Combine(dir, "missing")), Int(1)));

        var entry = Assert.IsType<PointersObject>(File(vm, "primitiveDirectoryEntry", nil, Str(vm, dir), Str(vm, "sub")).Ref);
        Assert.Equal(vm.Mem.TrueV, entry.Slots[3]);
        Assert.Equal(nil, File(vm, "primitiveDirectoryEntry", nil, Str(vm, dir), Str(vm, "nothing")));
    }

    [Fact]
    public void Directories_are_created_renamed_and_deleted_like_mkdir_rename_and_rmdir()
    {
        var vm = Vm();
        var nil = vm.Mem.NilV;
        var made = Path.Combine(dir, "made");
        Assert.Equal(nil, File(vm, "primitiveDirectoryCreate", nil, Str(vm, made)));
        Assert.True(Directory.Exists(made));
        Assert.False(Call(vm, Named(FilePlugin.Module, "primitiveDirectoryCreate"), nil, Str(vm, made)));               // exists
        Assert.False(Call(vm, Named(FilePlugin.Module, "primitiveDirectoryCreate"), nil, Str(vm, Path.Combine(dir, "x", "y")))); // no parent

        var file = Path.Combine(made, "f");
        System.IO.File.WriteAllText(file, "f");
        Assert.False(Call(vm, Named(FilePlugin.Module, "primitiveDirectoryDelete"), nil, Str(vm, made)));               // not empty
        var renamed = Path.Combine(made, "g");
        Assert.Equal(nil, File(vm, "primitiveFileRename", nil, Str(vm, file), Str(vm, renamed)));
        Assert.True(System.IO.File.Exists(renamed) && !System.IO.File.Exists(file));
        Assert.Equal(nil, File(vm, "primitiveFileDelete", nil, Str(vm, renamed)));
        Assert.Equal(nil, File(vm, "primitiveDirectoryDelete", nil, Str(vm, made)));
        Assert.False(Directory.Exists(made));

        Assert.Equal(vm.Mem.Char('/'), File(vm, "primitiveDirectoryDelimitor", nil));
        Assert.Equal(vm.Mem.TrueV, File(vm, "primitiveHasFileAccess", nil));
        Assert.Equal(nil, File(vm, "primitiveDirectorySetMacTypeAndCreator", nil, Str(vm, made), Str(vm, "TEXT"), Str(vm, "R*ch")));
    }

    [Fact]
    public void Writes_to_the_stdio_handles_go_to_the_vm_writers()
    {
        var vm = Vm();
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        vm.Stdout = stdout;
        vm.Stderr = stderr;
        var nil = vm.Mem.NilV;
        var handles = Assert.IsType<PointersObject>(File(vm, "primitiveFileStdioHandles", nil).Ref);
        Assert.Equal(3, handles.Slots.Length);
        Assert.Equal(Int(6), File(vm, "primitiveFileWrite", nil, handles.Slots[1], Str(vm, "hello\n"), Int(1), Int(6)));
        Assert.Equal(Int(3), File(vm, "primitiveFileWrite", nil, handles.Slots[2], Str(vm, "oops"), Int(2), Int(3)));
        Assert.Equal(nil, File(vm, "primitiveFileFlush", nil, handles.Slots[1]));
        Assert.Equal("hello\n", stdout.ToString());
        Assert.Equal("ops", stderr.ToString());
        Assert.Equal(Int(6), File(vm, "primitiveFileGetPosition", nil, handles.Slots[1]));
        // stdin is not writable.
        Assert.False(Call(vm, Named(FilePlugin.Module, "primitiveFileWrite"), nil, handles.Slots[0], Str(vm, "x"), Int(1), Int(1)));
    }

    [Fact]
    public void Old_images_get_the_numbered_file_primitives_and_closure_images_do_not()
    {
        var old = Vm(OldV3);
        var delimiter = Table.Numbered(161)!;
        Assert.Equal(old.Mem.Char('/'), Ok(old, delimiter, old.Mem.NilV));
        var path = Path.Combine(dir, "old.txt");
        var handle = Ok(old, Table.Numbered(153)!, old.Mem.NilV, Str(old, path), old.Mem.TrueV);
        Assert.Equal(Int(3), Ok(old, Table.Numbered(158)!, old.Mem.NilV, handle, Str(old, "abc"), Int(1), Int(3)));
        Assert.Equal(Int(3), Ok(old, Table.Numbered(157)!, old.Mem.NilV, handle));
        Ok(old, Table.Numbered(151)!, old.Mem.NilV, handle);
        Assert.Equal("abc", System.IO.File.ReadAllText(path));
        var entry = Assert.IsType<PointersObject>(Ok(old, Table.Numbered(162)!, old.Mem.NilV, Str(old, dir), Int(1)).Ref);
        Assert.Equal("old.txt", Text(entry.Slots[0]));
        Assert.Equal(Int(1), Ok(old, Table.Numbered(235)!, old.Mem.NilV, Str(old, "abc"), Str(old, "abd"), IdentityTable(old)));

        var modern = Vm(Spur);
        Assert.False(Call(modern, delimiter, modern.Mem.NilV));
        Assert.False(Call(modern, Table.Numbered(235)!, modern.Mem.NilV, Str(modern, "abc"), Str(modern, "abd"), IdentityTable(modern)));

        // In closure images the entry registered before the old file primitive still answers (169 is ~~ there).
        var table = new PrimitiveTable();
        table.Add(169, (vm, n) => vm.Answer(n, Int(42)));
        FilePlugin.Register(table);
        Assert.Equal(Int(42), Ok(modern, table.Numbered(169)!, Str(modern, "a"), Str(modern, "b")));
        Assert.Equal(old.Mem.NilV, Ok(old, table.Numbered(169)!, old.Mem.NilV, Str(old, path), Str(old, "TEXT"), Str(old, "R*ch")));
    }

    // ---- ConsolePlugin

    [Fact]
    public void Console_log_prints_one_line_on_stdout_and_answers_the_receiver()
    {
        var vm = Vm("squeakjs-headless-spur32.image");
        var stdout = new StringWriter();
        vm.Stdout = stdout;
        var receiver = Str(vm, "System");
        var result = Ok(vm, Named(ConsolePlugin.Module, "primitiveLog:level:"), receiver, Str(vm, "3 + 4 = 7"), Str(vm, "log"));
        Assert.Equal(receiver, result);
        Assert.Equal("3 + 4 = 7\n", stdout.ToString());
        Assert.False(Call(vm, Named(ConsolePlugin.Module, "primitiveLog:level:"), receiver, Int(7), Str(vm, "log")));
    }

    // ---- MiscPrimitivePlugin

    private static Value IdentityTable(Interpreter vm) =>
        vm.Mem.NewString(Encoding.Latin1.GetString(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray()));

    private static Value CaseFoldTable(Interpreter vm) =>
        vm.Mem.NewString(Encoding.Latin1.GetString(Enumerable.Range(0, 256).Select(i => (byte)(i is >= 'a' and <= 'z' ? i - 32 : i)).ToArray()));

    [Fact]
    public void Compare_string_answers_1_2_3_through_the_order_table()
    {
        var vm = Vm();
        var nil = vm.Mem.NilV;
        Value Compare(string a, string b, Value order) => Misc(vm, "primitiveCompareString", nil, Str(vm, a), Str(vm, b), order);
        Assert.Equal(Int(1), Compare("abc", "abd", IdentityTable(vm)));
        Assert.Equal(Int(2), Compare("abc", "abc", IdentityTable(vm)));
        Assert.Equal(Int(3), Compare("abd", "abc", IdentityTable(vm)));
        Assert.Equal(Int(1), Compare("ab", "abc", IdentityTable(vm)));
        Assert.Equal(Int(3), Compare("abc", "", IdentityTable(vm)));
        Assert.Equal(Int(3), Compare("a", "B", IdentityTable(vm)));
        Assert.Equal(Int(1), Compare("a", "B", CaseFoldTable(vm)));
        Assert.Equal(Int(2), Compare("HeLLo", "hello", CaseFoldTable(vm)));
        Assert.False(Call(vm, Named(MiscPrimitivePlugin.Module, "primitiveCompareString"), nil, Str(vm, "a"), Int(1), IdentityTable(vm)));
    }

    [Fact]
    public void String_hash_is_hashMultiply_folded_over_the_bytes()
    {
        var vm = Vm();
        // SmallInteger>>hashMultiply is (self * 1664525) bitAnd: 16rFFFFFFF; the plugin folds it over (hash + byte).
        static long Reference(string s, long initial)
        {
            var h = initial & 0xFFFFFFF;
            foreach (var b in Encoding.Latin1.GetBytes(s)) h = (h + b) * 1664525 & 0xFFFFFFF;
            return h;
        }
        Assert.Equal(Int(161458925), Misc(vm, "primitiveStringHash", vm.Mem.NilV, Str(vm, "a"), Int(0)));
        foreach (var (s, seed) in new[] { ("", 12345L), ("hello world", 0x2D2A4L), ("Smalltalk image fired up!", 0xFFFFFFFFL) })
            Assert.Equal(Int(Reference(s, seed)), Misc(vm, "primitiveStringHash", vm.Mem.NilV, Str(vm, s), Int(seed)));
    }

    [Fact]
    public void Find_and_index_primitives_answer_1_based_positions_or_0()
    {
        var vm = Vm();
        var nil = vm.Mem.NilV;
        Value Find(string key, string body, long start, Value table) => Misc(vm, "primitiveFindSubstring", nil, Str(vm, key), Str(vm, body), Int(start), table);
        Assert.Equal(Int(4), Find("lo", "hello world", 1, IdentityTable(vm)));
        Assert.Equal(Int(8), Find("o", "hello world", 6, IdentityTable(vm)));
        Assert.Equal(Int(0), Find("LO", "hello world", 1, IdentityTable(vm)));
        Assert.Equal(Int(4), Find("LO", "hello world", 1, CaseFoldTable(vm)));
        Assert.Equal(Int(0), Find("", "hello", 1, IdentityTable(vm)));
        Assert.Equal(Int(0), Find("world!", "hello world", 1, IdentityTable(vm)));

        Assert.Equal(Int(8), Misc(vm, "primitiveIndexOfAsciiInString", nil, Int('o'), Str(vm, "hello world"), Int(6)));
        Assert.Equal(Int(0), Misc(vm, "primitiveIndexOfAsciiInString", nil, Int('z'), Str(vm, "hello world"), Int(1)));

        var spaces = new byte[256];
        spaces[' '] = 1;
        spaces['w'] = 1;
        var map = vm.Mem.NewBytes(vm.Mem.ClassByteArray, spaces);
        Assert.Equal(Int(6), Misc(vm, "primitiveFindFirstInString", nil, Str(vm, "hello world"), map, Int(1)));
        Assert.Equal(Int(7), Misc(vm, "primitiveFindFirstInString", nil, Str(vm, "hello world"), map, Int(7)));
        Assert.Equal(Int(0), Misc(vm, "primitiveFindFirstInString", nil, Str(vm, "hello world"), map, Int(8)));

        var s = Str(vm, "Hello, world");
        Assert.Equal(nil, Misc(vm, "primitiveTranslateStringWithTable", nil, s, Int(2), Int(5), CaseFoldTable(vm)));
        Assert.Equal("HELLO, world", Text(s));
        Assert.False(Call(vm, Named(MiscPrimitivePlugin.Module, "primitiveTranslateStringWithTable"), nil, s, Int(2), Int(13), CaseFoldTable(vm)));
    }

    [Fact]
    public void Bitmap_compression_has_the_reference_encoding_and_round_trips()
    {
        var vm = Vm();
        var nil = vm.Mem.NilV;

        // Known encodings: S, then N = run * 4 + code and its data.
        Assert.Equal(new byte[] { 3, 13, 0 }, MiscPrimitivePlugin.Compress([0, 0, 0]));
        Assert.Equal(new byte[] { 1, 7, 0x12, 0x34, 0x56, 0x78 }, MiscPrimitivePlugin.Compress([0x12345678]));
        Assert.Equal(new byte[] { 3, 10, 0xDE, 0xAD, 0xBE, 0xEF, 5, 0x7F }, MiscPrimitivePlugin.Compress([0xDEADBEEF, 0xDEADBEEF, 0x7F7F7F7F]));

        var random = new Random(42);
        var words = new uint[3000];
        for (var i = 0; i < words.Length; i++)
            words[i] = (i / 100 % 4) switch
            {
                0 => 0,
                1 => 0x01010101u * (uint)(i / 37 % 256),
                2 => (uint)random.Next() | (uint)random.Next(2) << 31,
                _ => (uint)(i / 7),
            };
        var source = Bitmap(vm, words.Length);
        words.CopyTo(source.Words, 0);
        var size = words.Length;
        var ba = vm.Mem.NewBytes(vm.Mem.ClassByteArray, new byte[size * 4 + 7 + size / 1984 * 3]);
        var last = Misc(vm, "primitiveCompressToByteArray", nil, source, ba);
        Assert.True(last.IsSmallInt && last.SmallIntValue > 3 && last.SmallIntValue < size * 4);
        var encoded = ba.Bytes[..(int)last.SmallIntValue];
        Assert.Equal(MiscPrimitivePlugin.Compress(words), encoded);

        // S = 3000 takes two bytes (224 + 3000 / 256, 3000 % 256); the runs follow.
        Assert.Equal(new byte[] { 224 + 11, 3000 % 256 }, encoded[..2]);
        var target = Bitmap(vm, size);
        var trimmed = vm.Mem.NewBytes(vm.Mem.ClassByteArray, encoded);
        Assert.Equal(nil, Misc(vm, "primitiveDecompressFromByteArray", nil, target, trimmed, Int(3)));
        Assert.Equal(words, target.Words);

        // A stream longer than the bitmap fails.
        Assert.False(Call(vm, Named(MiscPrimitivePlugin.Module, "primitiveDecompressFromByteArray"), nil, Bitmap(vm, 10), trimmed, Int(3)));
    }

    [Fact]
    public void Convert_8_bit_signed_packs_two_samples_per_word_low_half_first()
    {
        var vm = Vm();
        var samples = vm.Mem.NewBytes(vm.Mem.ClassByteArray, [0x01, 0xFF, 0x80]);
        var buffer = Bitmap(vm, 2);
        Misc(vm, "primitiveConvert8BitSigned", vm.Mem.NilV, samples, buffer);
        Assert.Equal(0xFF00_0100u, buffer.Words[0]);
        Assert.Equal(0x0000_8000u, buffer.Words[1]);
        Assert.False(Call(vm, Named(MiscPrimitivePlugin.Module, "primitiveConvert8BitSigned"), vm.Mem.NilV, samples, Bitmap(vm, 1)));
    }

    // ---- primitive 105

    [Theory]
    [InlineData(Spur)]
    [InlineData(OldV3)]
    public void Replace_from_to_with_starting_at_copies_within_bounds_and_kinds(string image)
    {
        var vm = Vm(image);
        var replace = Table.Numbered(105)!;

        var s = Str(vm, "abcdefgh");
        Assert.Equal(s, Ok(vm, replace, s, Int(2), Int(4), Str(vm, "XYZW"), Int(2)));
        Assert.Equal("aYZWefgh", Text(s));
        Assert.Equal(s, Ok(vm, replace, s, Int(3), Int(2), Str(vm, ""), Int(1)));   // empty range
        Assert.Equal("aYZWefgh", Text(s));

        var array = vm.Mem.NewArray([Int(1), Int(2), Int(3), Int(4), Int(5)]);
        Ok(vm, replace, array, Int(1), Int(2), vm.Mem.NewArray([s, vm.Mem.NilV]), Int(1));
        Assert.Equal(new[] { s, vm.Mem.NilV, Int(3), Int(4), Int(5) }, array.Slots);

        // Overlapping within one object, as the reference copies: first element first.
        var shift = vm.Mem.NewArray([Int(1), Int(2), Int(3), Int(4), Int(5)]);
        Ok(vm, replace, shift, Int(1), Int(4), shift, Int(2));
        Assert.Equal(new[] { Int(2), Int(3), Int(4), Int(5), Int(5) }, shift.Slots);

        var words = Bitmap(vm, 3);
        var from = Bitmap(vm, 2);
        from.Words[0] = 7; from.Words[1] = 0xFFFFFFFF;
        Ok(vm, replace, words, Int(2), Int(3), from, Int(1));
        Assert.Equal(new[] { 0u, 7u, 0xFFFFFFFFu }, words.Words);

        // Kinds must match, and indices stay inside both objects.
        Assert.False(Call(vm, replace, array, Int(1), Int(2), Str(vm, "ab"), Int(1)));
        Assert.False(Call(vm, replace, s, Int(1), Int(2), words, Int(1)));
        Assert.False(Call(vm, replace, s, Int(7), Int(9), Str(vm, "xyz"), Int(1)));
        Assert.False(Call(vm, replace, s, Int(0), Int(1), Str(vm, "xy"), Int(1)));
        Assert.False(Call(vm, replace, s, Int(1), Int(3), Str(vm, "xyz"), Int(2)));
        Assert.False(Call(vm, replace, Int(3), Int(1), Int(1), Str(vm, "x"), Int(1)));
        Assert.Equal("aYZWefgh", Text(s));
    }
}
