using System.Runtime.CompilerServices;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Execution;

// Float operands of the arithmetic special selectors, answered without a send.
public sealed partial class Interpreter
{
    private const long ExactInDouble = 1L << 53;

    /// <summary>
    /// +, -, *, / and the six comparisons (special selector index 0–9) when both operands are
    /// Floats, or one a Float and the other a SmallInteger a double holds exactly: computed in
    /// place, as the C VM's arithmetic bytecodes compute them, instead of a send that reaches
    /// the same Float primitive (Float printing and parsing are loops of these). Answers false
    /// for anything else (and for a zero divisor, which must raise ZeroDivide), leaving the send to
    /// the caller. A comparison answers through <paramref name="isBoolean"/> and <paramref name="cond"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryFloatSpecial(int index, Value a, Value c, out Value result, out bool isBoolean, out bool cond)
    {
        result = default;
        isBoolean = cond = false;
        if (index > 9 || !(AsDouble(a, out var x) && AsDouble(c, out var y)) || (a.IsSmallInt && c.IsSmallInt)) return false;
        switch (index)
        {
            case 0: result = Mem.Float(x + y); return true;
            case 1: result = Mem.Float(x - y); return true;
            case 2: cond = x < y; break;
            case 3: cond = x > y; break;
            case 4: cond = x <= y; break;
            case 5: cond = x >= y; break;
            case 6: cond = x == y; break;
            case 7: cond = x != y; break;
            case 8: result = Mem.Float(x * y); return true;
            default:
                if (y == 0) return false;
                result = Mem.Float(x / y);
                return true;
        }
        isBoolean = true;
        return true;
    }

    /// <summary>
    /// The same for compiled bodies: the answer (always an object: a Float or a Boolean), or a Value
    /// with no object (never a valid answer here) when the send must happen. Answered, not stored
    /// in a field of the Interpreter: every Float result would pay a write barrier there.
    /// </summary>
    public static Value FloatSpecialForDirect(Interpreter vm, Value a, Value c, int index)
    {
        if (!vm.TryFloatSpecial(index, a, c, out var result, out var isBoolean, out var cond)) return default;
        return isBoolean ? vm.Mem.Bool(cond) : result;
    }

    // One entry per selector for compiled bodies' inline sites (special selector index in the name):
    // a Float loop's method is big enough that the JIT stops inlining into it, and the shared entry
    // above then pays a switch on the index at every operation besides the call.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Value FloatAdd0(Interpreter vm, Value a, Value c) => vm.FloatOperands(a, c, out var x, out var y) ? vm.Mem.Float(x + y) : default;
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Value FloatSub1(Interpreter vm, Value a, Value c) => vm.FloatOperands(a, c, out var x, out var y) ? vm.Mem.Float(x - y) : default;
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Value FloatLess2(Interpreter vm, Value a, Value c) => vm.FloatOperands(a, c, out var x, out var y) ? vm.Mem.Bool(x < y) : default;
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Value FloatGreater3(Interpreter vm, Value a, Value c) => vm.FloatOperands(a, c, out var x, out var y) ? vm.Mem.Bool(x > y) : default;
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Value FloatLessOrEqual4(Interpreter vm, Value a, Value c) => vm.FloatOperands(a, c, out var x, out var y) ? vm.Mem.Bool(x <= y) : default;
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Value FloatGreaterOrEqual5(Interpreter vm, Value a, Value c) => vm.FloatOperands(a, c, out var x, out var y) ? vm.Mem.Bool(x >= y) : default;
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Value FloatEqual6(Interpreter vm, Value a, Value c) => vm.FloatOperands(a, c, out var x, out var y) ? vm.Mem.Bool(x == y) : default;
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Value FloatNotEqual7(Interpreter vm, Value a, Value c) => vm.FloatOperands(a, c, out var x, out var y) ? vm.Mem.Bool(x != y) : default;
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Value FloatMultiply8(Interpreter vm, Value a, Value c) => vm.FloatOperands(a, c, out var x, out var y) ? vm.Mem.Float(x * y) : default;
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Value FloatDivide9(Interpreter vm, Value a, Value c) => vm.FloatOperands(a, c, out var x, out var y) && y != 0 ? vm.Mem.Float(x / y) : default;

    /// <summary>Both operands as doubles, when at least one is a Float and the other a Float or a SmallInteger a double holds exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool FloatOperands(Value a, Value c, out double x, out double y)
    {
        y = 0;
        return AsDouble(a, out x) && AsDouble(c, out y) && !(a.IsSmallInt && c.IsSmallInt);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool AsDouble(Value v, out double d)
    {
        if (v.IsSmallInt)
        {
            d = v.Bits;
            return v.Bits is >= -ExactInDouble and <= ExactInDouble;
        }
        return Mem.TryFloat(v, out d);
    }
}
