using ImageAot.Runtime.ObjectModel;
using Xunit;

namespace ImageAot.Tests;

/// <summary>Checks that two object graphs are the same shape, object for object, from their roots.</summary>
public static class HeapGraph
{
    public static int AssertSameGraph(SqObject rootA, SqObject rootB)
    {
        var map = new Dictionary<SqObject, SqObject>(ReferenceEqualityComparer.Instance);
        var work = new Stack<(SqObject, SqObject)>();
        Pair(rootA, rootB);
        while (work.Count > 0)
        {
            var (a, b) = work.Pop();
            Assert.Equal(a.Kind, b.Kind);
            Assert.Equal(a.Hash, b.Hash);
            Assert.Equal(a.Format, b.Format);
            Assert.Equal(a.Flags, b.Flags);
            Pair(a.Class, b.Class);
            switch (a)
            {
                case PointersObject pa:
                    SameValues(pa.Slots, ((PointersObject)b).Slots);
                    break;
                case CompiledMethodObject ma:
                    var mb = (CompiledMethodObject)b;
                    Assert.Equal(ma.Header, mb.Header);
                    Assert.Equal(ma.Bytes, mb.Bytes);
                    SameValues(ma.Literals, mb.Literals);
                    break;
                case BytesObject ba: Assert.Equal(ba.Bytes, ((BytesObject)b).Bytes); break;
                case WordsObject wa: Assert.Equal(wa.Words, ((WordsObject)b).Words); break;
                case ShortsObject sa: Assert.Equal(sa.Shorts, ((ShortsObject)b).Shorts); break;
                case LongsObject la: Assert.Equal(la.Longs, ((LongsObject)b).Longs); break;
                case FloatObject fa:
                    Assert.Equal(BitConverter.DoubleToInt64Bits(fa.Value), BitConverter.DoubleToInt64Bits(((FloatObject)b).Value));
                    break;
            }
        }
        return map.Count;

        void SameValues(Value[] xs, Value[] ys)
        {
            Assert.Equal(xs.Length, ys.Length);
            for (var i = 0; i < xs.Length; i++)
            {
                Assert.Equal(xs[i].IsObject, ys[i].IsObject);
                if (xs[i].IsObject) Pair(xs[i].Obj, ys[i].Obj);
                else Assert.Equal(xs[i], ys[i]);
            }
        }

        void Pair(SqObject a, SqObject b)
        {
            if (map.TryGetValue(a, out var seen)) { Assert.Same(seen, b); return; }
            map[a] = b;
            work.Push((a, b));
        }
    }
}
