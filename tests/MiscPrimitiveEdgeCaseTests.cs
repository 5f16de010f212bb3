using System.Text;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;
using ImageAot.Runtime.Plugins;
using ImageAot.Runtime.Primitives;
using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// MiscPrimitivePlugin at the edges (start index 0, below 0 or past the end, empty strings,
/// maps that are missing or short), with the answers Debian's squeakvm 4.10.2 gives. Where the
/// C plugin reads or writes outside the object (a translate range past the end, a table too
/// short for the bytes), ours fails instead and the image's fallback code runs.
/// </summary>
public class MiscPrimitiveEdgeCaseTests
{
    private static readonly PrimitiveTable Table = PrimitiveTable.CreateStandard();
    private static Interpreter Vm() => Interpreter.ForPrimitiveTests(TestImages.Shared("cuis4.1-reduced.image"));

    /// <summary>Runs a plugin primitive; answers its result, or null when it failed (then with the stack untouched).</summary>
    private static Value? Call(Interpreter vm, string name, params Value[] receiverAndArgs)
    {
        var p = Table.Named(MiscPrimitivePlugin.Module, name)!;
        foreach (var v in receiverAndArgs) vm.Push(v);
        var argCount = receiverAndArgs.Length - 1;
        if (!p(vm, argCount))
        {
            for (var i = 0; i <= argCount; i++) Assert.Equal(receiverAndArgs[argCount - i], vm.Stack(i));
            vm.PopN(argCount + 1);
            return null;
        }
        return vm.Pop();
    }

    private static Value Str(Interpreter vm, string s) => vm.Mem.NewString(s);
    private static Value Int(long i) => Value.SmallInt(i);

    private static Value Table256(Interpreter vm, Func<int, int> map) =>
        vm.Mem.NewString(Encoding.Latin1.GetString(Enumerable.Range(0, 256).Select(i => (byte)map(i)).ToArray()));

    [Theory]
    [InlineData('b', "abc", 0, 2L)]
    [InlineData('a', "abc", 0, 1L)]
    [InlineData('a', "abc", -1, 1L)]
    [InlineData('b', "abc", 1, 2L)]
    [InlineData('b', "abc", 3, 0L)]
    [InlineData('b', "abc", 4, 0L)]
    [InlineData('b', "abc", 5, 0L)]
    [InlineData('b', "", 1, 0L)]
    [InlineData('b', "", 0, 0L)]
    [InlineData(300, "abc", 1, 0L)]
    [InlineData(-1, "abc", 1, 0L)]
    public void Index_of_ascii_treats_a_start_below_1_as_1(int ascii, string s, long start, long expected)
    {
        var vm = Vm();
        Assert.Equal(Int(expected), Call(vm, "primitiveIndexOfAsciiInString", vm.Mem.NilV, Int(ascii), Str(vm, s), Int(start)));
    }

    [Fact]
    public void Index_of_ascii_fails_without_an_integer_start()
    {
        var vm = Vm();
        Assert.Null(Call(vm, "primitiveIndexOfAsciiInString", vm.Mem.NilV, Int('b'), Str(vm, "abc"), vm.Mem.NilV));
    }

    [Theory]
    [InlineData("abc", 0, 1L)]
    [InlineData("abc", -1, 1L)]
    [InlineData("abc", 1, 1L)]
    [InlineData("abc", 3, 0L)]
    [InlineData("abc", 4, 0L)]
    [InlineData("abc", 5, 0L)]
    [InlineData("", 1, 0L)]
    [InlineData("", 0, 0L)]
    public void Find_first_in_string_treats_a_start_below_1_as_1(string s, long start, long expected)
    {
        var vm = Vm();
        var set = new byte[256];
        set['a'] = set['b'] = 1;
        var map = vm.Mem.NewBytes(vm.Mem.ClassByteArray, set);
        Assert.Equal(Int(expected), Call(vm, "primitiveFindFirstInString", vm.Mem.NilV, Str(vm, s), map, Int(start)));
    }

    [Fact]
    public void Find_first_in_string_answers_0_for_a_map_that_is_not_256_bytes_and_fails_for_nil()
    {
        var vm = Vm();
        Assert.Equal(Int(0), Call(vm, "primitiveFindFirstInString", vm.Mem.NilV, Str(vm, "abc"), Str(vm, "xyz"), Int(1)));
        Assert.Equal(Int(0), Call(vm, "primitiveFindFirstInString", vm.Mem.NilV, Str(vm, "abc"), Str(vm, "aaaaaaaaaa"), Int(0)));
        Assert.Null(Call(vm, "primitiveFindFirstInString", vm.Mem.NilV, Str(vm, "abc"), vm.Mem.NilV, Int(1)));
    }

    [Theory]
    [InlineData("b", "abc", 0, 2L)]
    [InlineData("b", "abc", -3, 2L)]
    [InlineData("b", "abc", 2, 2L)]
    [InlineData("b", "abc", 3, 0L)]
    [InlineData("b", "abc", 9, 0L)]
    [InlineData("", "abc", 1, 0L)]
    [InlineData("abcd", "abc", 1, 0L)]
    [InlineData("B", "abc", 1, 2L)]
    [InlineData("b", "", 1, 0L)]
    public void Find_substring_at_the_edges(string key, string body, long start, long expected)
    {
        var vm = Vm();
        var caseFold = Table256(vm, i => i is >= 'A' and <= 'Z' ? i + 32 : i);
        Assert.Equal(Int(expected), Call(vm, "primitiveFindSubstring", vm.Mem.NilV, Str(vm, key), Str(vm, body), Int(start), caseFold));
    }

    [Fact]
    public void Translate_accepts_an_empty_range_anywhere_and_fails_outside_the_string()
    {
        var vm = Vm();
        var upper = Table256(vm, i => i is >= 'a' and <= 'z' ? i - 32 : i);
        foreach (var (from, to) in new[] { (2L, 1L), (3L, 2L), (5L, 4L) })
        {
            var s = Str(vm, "abc");
            Assert.Equal(vm.Mem.NilV, Call(vm, "primitiveTranslateStringWithTable", vm.Mem.NilV, s, Int(from), Int(to), upper));
            Assert.Equal("abc", ((BytesObject)s.Obj).AsString());
        }
        Assert.Equal(vm.Mem.NilV, Call(vm, "primitiveTranslateStringWithTable", vm.Mem.NilV, Str(vm, ""), Int(1), Int(0), upper));
        var t = Str(vm, "abc");
        Assert.Null(Call(vm, "primitiveTranslateStringWithTable", vm.Mem.NilV, t, Int(0), Int(3), upper));
        Assert.Null(Call(vm, "primitiveTranslateStringWithTable", vm.Mem.NilV, t, Int(1), Int(4), upper));
        Assert.Null(Call(vm, "primitiveTranslateStringWithTable", vm.Mem.NilV, t, Int(1), Int(3), Str(vm, "short")));
        Assert.Equal("abc", ((BytesObject)t.Obj).AsString());
    }

    [Fact]
    public void Compare_and_hash_of_empty_strings()
    {
        var vm = Vm();
        var order = Table256(vm, i => i);
        Assert.Equal(Int(2), Call(vm, "primitiveCompareString", vm.Mem.NilV, Str(vm, ""), Str(vm, ""), order));
        Assert.Equal(Int(1), Call(vm, "primitiveCompareString", vm.Mem.NilV, Str(vm, ""), Str(vm, "a"), order));
        Assert.Equal(Int(3), Call(vm, "primitiveCompareString", vm.Mem.NilV, Str(vm, "b"), Str(vm, ""), order));
        Assert.Equal(Int(0), Call(vm, "primitiveStringHash", vm.Mem.NilV, Str(vm, ""), Int(0)));
        Assert.Equal(Int(135459374), Call(vm, "primitiveStringHash", vm.Mem.NilV, Str(vm, "abc"), Int(0)));
        Assert.Equal(Int(195411269), Call(vm, "primitiveStringHash", vm.Mem.NilV, Str(vm, "abc"), Int(-5)));
        Assert.Null(Call(vm, "primitiveStringHash", vm.Mem.NilV, Str(vm, "abc"), vm.Mem.NilV));
    }

    [Fact]
    public void Cuis_4_1_compiles_a_method_which_looks_for_a_character_from_index_0()
    {
        var session = new SmalltalkSession("cuis4.1-reduced.image");
        Assert.Equal("1", session.Print(
            "Object subclass: #ZZ instanceVariableNames: '' classVariableNames: '' poolDictionaries: '' category: 'ZZ'. " +
            "ZZ compile: 'one ^ 1' classified: 'x'. ZZ new one"));
    }
}
