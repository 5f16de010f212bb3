using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Execution;

// The SistaV1 bytecode set (methods whose header has the sign bit set): prefix extensions
// (extA, extB), full blocks on CompiledBlocks and the inline callPrimitive.
public sealed partial class Interpreter
{
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void InterpretSista()
    {
        int extA = 0, extB = 0;
    reload:
        if (stopRequested || !methodInfo.UsesSista) return;
        // A context with a compiled body goes back to RunLoop to run it, unless the body just stopped here.
        if (methodInfo.Body is not null) { if (bodyJustRan) bodyJustRan = false; else return; }
        extA = 0; extB = 0;
        while (true)
        {
            int b = code[pc++];
            if (b == 0xE0) { extA = (extA << 8) + code[pc++]; continue; }
            if (b == 0xE1) { int x = code[pc++]; extB = extB == 0 && x > 127 ? x - 256 : (extB << 8) + x; continue; }
            int ea = extA, eb = extB;
            extA = 0; extB = 0;
            switch (b)
            {
                case <= 0x0F: frame[++sp] = receiverSlots![b]; continue;
                case <= 0x1F: frame[++sp] = ((PointersObject)literals[b & 15].Obj).Slots[Layout.AssocValue]; continue;
                case <= 0x3F: frame[++sp] = literals[b & 31]; continue;
                case <= 0x47: frame[++sp] = temps[Layout.CtxTempStart + (b & 7)]; continue;
                case <= 0x4B: frame[++sp] = temps[Layout.CtxTempStart + 8 + (b & 3)]; continue;
                case 0x4C: frame[++sp] = receiver; continue;
                case 0x4D: frame[++sp] = Mem.TrueV; continue;
                case 0x4E: frame[++sp] = Mem.FalseV; continue;
                case 0x4F: frame[++sp] = Mem.NilV; continue;
                case 0x50: frame[++sp] = Value.SmallInt(0); continue;
                case 0x51: frame[++sp] = Value.SmallInt(1); continue;
                case 0x52: frame[++sp] = ThisContext(); continue;
                case 0x53: frame[sp + 1] = frame[sp]; sp++; continue;
                case <= 0x57: throw new VmError($"unused SistaV1 bytecode {b}");
                case <= 0x5C:
                {
                    var result = b switch { 0x58 => receiver, 0x59 => Mem.TrueV, 0x5A => Mem.FalseV, 0x5B => Mem.NilV, _ => frame[sp--] };
                    if (inBlock) NonLocalReturn(result); else ReturnToSender(result);
                    goto reload;
                }
                case 0x5D: BlockReturn(Mem.NilV); goto reload;
                case 0x5E: BlockReturn(frame[sp--]); goto reload;
                case 0x5F: continue;
                case <= 0x6F:
                    if (TryInlineArithmetic(b - 0x60)) continue;
                    SendSpecial(b - 0x60);
                    goto checkInterrupts;
                case <= 0x7F:
                    if (b == 0x76) { var y = frame[sp--]; var x = frame[sp]; frame[sp] = Mem.Bool(ReferenceEquals(x.Ref, y.Ref) && x.Bits == y.Bits); continue; }
                    if (b == 0x77) { frame[sp] = Mem.ClassOf(frame[sp]); continue; }
                    SendSpecial(b - 0x60);
                    goto checkInterrupts;
                case <= 0x8F: Send(literals[b & 15].Obj, 0); goto checkInterrupts;
                case <= 0x9F: Send(literals[b & 15].Obj, 1); goto checkInterrupts;
                case <= 0xAF: Send(literals[b & 15].Obj, 2); goto checkInterrupts;
                case <= 0xB7: pc += (b & 7) + 1; continue;
                case <= 0xC7:
                {
                    var v = frame[sp--];
                    var jumpOn = b <= 0xBF ? Mem.True : Mem.False;
                    if (ReferenceEquals(v.Ref, jumpOn)) { pc += (b & 7) + 1; continue; }
                    if (ReferenceEquals(v.Ref, Mem.True) || ReferenceEquals(v.Ref, Mem.False)) continue;
                    frame[++sp] = v; MustBeBoolean(); goto reload;
                }
                case <= 0xCF:
                    if ((receiver.Obj.Flags & ObjectFlags.Immutable) != 0) { AttemptToAssign(b & 7); goto reload; }
                    receiverSlots![b & 7] = frame[sp--]; continue;
                case <= 0xD7: temps[Layout.CtxTempStart + (b & 7)] = frame[sp--]; continue;
                case 0xD8: sp--; continue;
                case <= 0xDF: throw new VmError($"unused SistaV1 bytecode {b}");
                case 0xE2: frame[++sp] = receiverSlots![code[pc++] + (ea << 8)]; continue;
                case 0xE3: frame[++sp] = ((PointersObject)literals[code[pc++] + (ea << 8)].Obj).Slots[Layout.AssocValue]; continue;
                case 0xE4: frame[++sp] = literals[code[pc++] + (ea << 8)]; continue;
                case 0xE5: frame[++sp] = temps[Layout.CtxTempStart + code[pc++]]; continue;
                case 0xE7:
                {
                    int e = code[pc++], n = e & 127;
                    var array = Mem.NewArray(n);
                    if (e >= 128) { Array.Copy(frame, sp - n + 1, array.Slots, 0, n); sp -= n; }
                    frame[++sp] = array;
                    continue;
                }
                case 0xE8: frame[++sp] = Value.SmallInt(code[pc++] + (eb << 8)); continue;
                case 0xE9: frame[++sp] = Mem.Char(code[pc++] + (eb << 8)); continue;
                case 0xEA:
                {
                    int x = code[pc++];
                    Send(literals[(x >> 3) + (ea << 5)].Obj, (x & 7) + (eb << 3));
                    goto checkInterrupts;
                }
                case 0xEB:
                {
                    int x = code[pc++];
                    var selector = literals[(x >> 3) + (ea << 5)].Obj;
                    if (eb >= 64)
                    {
                        var cls = frame[sp--].Obj;
                        var super = ((PointersObject)cls).Slots[Layout.ClassSuperclass].Obj;
                        SendTo(super, selector, (x & 7) + ((eb & 63) << 3));
                    }
                    else SuperSend(selector, (x & 7) + (eb << 3));
                    goto checkInterrupts;
                }
                case 0xED:
                {
                    var offset = code[pc++] + (eb << 8);
                    pc += offset;
                    if (offset < 0 && --InterruptCountdown <= 0) { CheckForInterrupts(); goto reload; }
                    continue;
                }
                case 0xEE: case 0xEF:
                {
                    var offset = code[pc++] + (eb << 8);
                    var v = frame[sp--];
                    var jumpOn = b == 0xEE ? Mem.True : Mem.False;
                    if (ReferenceEquals(v.Ref, jumpOn)) { pc += offset; continue; }
                    if (ReferenceEquals(v.Ref, Mem.True) || ReferenceEquals(v.Ref, Mem.False)) continue;
                    frame[++sp] = v; MustBeBoolean(); goto reload;
                }
                case 0xF0: case 0xF3:
                {
                    var i = code[pc++] + (ea << 8);
                    if ((receiver.Obj.Flags & ObjectFlags.Immutable) != 0) { AttemptToAssign(i); goto reload; }
                    receiverSlots![i] = frame[sp];
                    if (b == 0xF0) sp--;
                    continue;
                }
                case 0xF1: case 0xF4:
                    ((PointersObject)literals[code[pc++] + (ea << 8)].Obj).Slots[Layout.AssocValue] = frame[sp];
                    if (b == 0xF1) sp--;
                    continue;
                case 0xF2: case 0xF5:
                    temps[Layout.CtxTempStart + code[pc++]] = frame[sp];
                    if (b == 0xF2) sp--;
                    continue;
                case 0xF8: pc += 2; continue;
                case 0xF9:
                {
                    int litIndex = code[pc++] + (ea << 8), flags = code[pc++];
                    var block = (CompiledMethodObject)literals[litIndex].Obj;
                    var rcvr = (flags & 0x80) != 0 ? frame[sp--] : receiver;
                    var closure = NewFullClosure(block, flags & 63, (flags & 0x40) != 0, rcvr);
                    frame[++sp] = closure;
                    continue;
                }
                case 0xFA:
                {
                    int x = code[pc++], y = code[pc++];
                    int numArgs = (x & 7) + (ea & 15) * 8, numCopied = ((x >> 3) & 7) + (ea >> 4) * 8, size = y + (eb << 8);
                    var closure = NewClosure(numArgs, numCopied, pc);
                    frame[++sp] = closure;
                    pc += size;
                    continue;
                }
                case 0xFB:
                {
                    int i = code[pc++], t = code[pc++];
                    frame[++sp] = ((PointersObject)temps[Layout.CtxTempStart + t].Obj).Slots[i];
                    continue;
                }
                case 0xFC: case 0xFD:
                {
                    int i = code[pc++], t = code[pc++];
                    ((PointersObject)temps[Layout.CtxTempStart + t].Obj).Slots[i] = frame[sp];
                    if (b == 0xFD) sp--;
                    continue;
                }
                default: throw new VmError($"unused SistaV1 bytecode {b}");
            }
        checkInterrupts:
            if (--InterruptCountdown <= 0) CheckForInterrupts();
            goto reload;
        }
    }

    /// <summary>SmallInteger fast paths for the arithmetic special selectors (index 0–15), shared by the slower bytecode sets.</summary>
    private bool TryInlineArithmetic(int index)
    {
        var a = frame[sp - 1];
        var c = frame[sp];
        if (a.Ref is not null || c.Ref is not null)
        {
            if (!TryFloatSpecial(index, a, c, out var floatResult, out var isBoolean, out var cond)) return false;
            frame[--sp] = isBoolean ? Mem.Bool(cond) : floatResult;
            return true;
        }
        long x = a.Bits, y = c.Bits, r;
        switch (index)
        {
            case 0: r = x + y; break;
            case 1: r = x - y; break;
            case 2: frame[--sp] = Mem.Bool(x < y); return true;
            case 3: frame[--sp] = Mem.Bool(x > y); return true;
            case 4: frame[--sp] = Mem.Bool(x <= y); return true;
            case 5: frame[--sp] = Mem.Bool(x >= y); return true;
            case 6: frame[--sp] = Mem.Bool(x == y); return true;
            case 7: frame[--sp] = Mem.Bool(x != y); return true;
            case 14: frame[--sp] = Value.SmallInt(x & y); return true;
            case 15: frame[--sp] = Value.SmallInt(x | y); return true;
            default: return false;
        }
        if (r < Mem.MinSmallInt || r > Mem.MaxSmallInt) return false;
        frame[--sp] = Value.SmallInt(r);
        return true;
    }
}
