using ImageAot.Runtime.Image;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Execution;

// The Blue Book / V3PlusClosures bytecode set. The hot registers (pc, sp, frame, code) are
// copied into locals; every path that may change the active context writes them back,
// calls out, and reloads them at `reload`.
public sealed partial class Interpreter
{
    /// <summary>Sends and backward jumps left until the next check for timers, process switches and limits.</summary>
    public int InterruptCountdown = InterruptPeriod;
    private const int InterruptPeriod = 1000;

    // Entered once per run and looping for long: compile it fully optimized at once, not tiered/OSR.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void InterpretV3()
    {
        Value[] frame, temps, lits;
        Value[]? rslots;
        byte[] code;
        int pc, sp;
        PointersObject ctx;
        CompiledMethodObject meth;
        MethodInfo info;
        Value rcvr;
        bool inBlk;
        // Set when the fast send/return paths below changed context in locals only: the fields
        // must be written back before anything else reads them.
        bool switched;
        SqObject selector;
        int argc;
        Value result;
        var nil = Mem.NilV;
        var trueV = Mem.TrueV;
        var falseV = Mem.FalseV;

    reload:
        if (stopRequested || methodInfo.UsesSista) return;
        // A context with a compiled body goes back to RunLoop to run it, unless the body just stopped here.
        if (methodInfo.Body is not null) { if (bodyJustRan) bodyJustRan = false; else return; }
        frame = this.frame; temps = this.temps; lits = this.literals; rslots = this.receiverSlots;
        code = this.code; pc = this.pc; sp = this.sp;
        ctx = activeContext; meth = method; info = methodInfo; rcvr = receiver; inBlk = inBlock;
        switched = false;
        bool cond;

    loop:
        while (true)
        {
            int b = code[pc++];
            switch (b)
            {
                case 0: case 1: case 2: case 3: case 4: case 5: case 6: case 7: case 8: case 9: case 10: case 11: case 12: case 13: case 14: case 15:
                {
                    var v = rslots![b];
                    if (v.Ref is null) frame[++sp] = Value.SmallInt(v.Bits); else frame[++sp] = v;
                    continue;
                }
                case 16: case 17: case 18: case 19: case 20: case 21: case 22: case 23: case 24: case 25: case 26: case 27: case 28: case 29: case 30: case 31:
                {
                    // SmallIntegers are stored without the GC write barrier a reference needs.
                    var v = temps[Layout.CtxTempStart + (b & 15)];
                    if (v.Ref is null) frame[++sp] = Value.SmallInt(v.Bits); else frame[++sp] = v;
                    continue;
                }
                case 32: case 33: case 34: case 35: case 36: case 37: case 38: case 39: case 40: case 41: case 42: case 43: case 44: case 45: case 46: case 47: case 48: case 49: case 50: case 51: case 52: case 53: case 54: case 55: case 56: case 57: case 58: case 59: case 60: case 61: case 62: case 63:
                {
                    var v = lits[b & 31];
                    if (v.Ref is null) frame[++sp] = Value.SmallInt(v.Bits); else frame[++sp] = v;
                    continue;
                }
                case 64: case 65: case 66: case 67: case 68: case 69: case 70: case 71: case 72: case 73: case 74: case 75: case 76: case 77: case 78: case 79: case 80: case 81: case 82: case 83: case 84: case 85: case 86: case 87: case 88: case 89: case 90: case 91: case 92: case 93: case 94: case 95:
                {
                    var v = ((PointersObject)lits[b & 31].Obj).Slots[Layout.AssocValue];
                    if (v.Ref is null) frame[++sp] = Value.SmallInt(v.Bits); else frame[++sp] = v;
                    continue;
                }
                case 96: case 97: case 98: case 99: case 100: case 101: case 102: case 103:
                    if ((rcvr.Obj.Flags & ObjectFlags.Immutable) != 0) { this.pc = pc; this.sp = sp; if (switched) { SaveRegisters(ctx, frame, temps, meth, info, code, lits, rcvr, rslots, inBlk); switched = false; } AttemptToAssign(b & 7); goto reload; }
                    {
                        var v = frame[sp--];
                        if (v.Ref is null) rslots![b & 7] = Value.SmallInt(v.Bits); else rslots![b & 7] = v;
                    }
                    continue;
                case 104: case 105: case 106: case 107: case 108: case 109: case 110: case 111:
                {
                    var v = frame[sp--];
                    if (v.Ref is null) temps[Layout.CtxTempStart + (b & 7)] = Value.SmallInt(v.Bits); else temps[Layout.CtxTempStart + (b & 7)] = v;
                    continue;
                }
                case 112: frame[++sp] = rcvr; continue;
                case 113: frame[++sp] = trueV; continue;
                case 114: frame[++sp] = falseV; continue;
                case 115: frame[++sp] = nil; continue;
                case 116: frame[++sp] = Value.SmallInt(-1); continue;
                case 117: frame[++sp] = Value.SmallInt(0); continue;
                case 118: frame[++sp] = Value.SmallInt(1); continue;
                case 119: frame[++sp] = Value.SmallInt(2); continue;
                case 120: case 121: case 122: case 123: case 124:
                    result = b switch { 120 => rcvr, 121 => trueV, 122 => falseV, 123 => nil, _ => frame[sp--] };
                    goto doReturn;
                case 125:
                    result = frame[sp--];
                    goto doLocalReturn;
                case 128:
                {
                    int e = code[pc++], i = e & 63;
                    switch (e >> 6)
                    {
                        case 0: frame[++sp] = rslots![i]; break;
                        case 1:
                        {
                            var t = temps[Layout.CtxTempStart + i];
                            if (t.Ref is null) frame[++sp] = Value.SmallInt(t.Bits); else frame[++sp] = t;
                            break;
                        }
                        case 2: frame[++sp] = lits[i]; break;
                        default: frame[++sp] = ((PointersObject)lits[i].Obj).Slots[Layout.AssocValue]; break;
                    }
                    continue;
                }
                case 129: case 130:
                {
                    int e = code[pc++], i = e & 63;
                    var v = frame[sp];
                    switch (e >> 6)
                    {
                        case 0:
                            if ((rcvr.Obj.Flags & ObjectFlags.Immutable) != 0)
                            {
                                this.pc = pc; this.sp = sp; if (switched) { SaveRegisters(ctx, frame, temps, meth, info, code, lits, rcvr, rslots, inBlk); switched = false; } AttemptToAssign(i); goto reload;
                            }
                            rslots![i] = v; break;
                        case 1:
                            if (v.Ref is null) temps[Layout.CtxTempStart + i] = Value.SmallInt(v.Bits); else temps[Layout.CtxTempStart + i] = v;
                            break;
                        case 2: throw new VmError("illegal store into a literal constant");
                        default: ((PointersObject)lits[i].Obj).Slots[Layout.AssocValue] = v; break;
                    }
                    if (b == 130) sp--;
                    continue;
                }
                case 131:
                {
                    int e = code[pc++];
                    selector = lits[e & 31].Obj; argc = e >> 5; goto doSend;
                }
                case 132:
                {
                    int e = code[pc++], x = code[pc++];
                    switch (e >> 5)
                    {
                        case 0: selector = lits[x].Obj; argc = e & 31; goto doSend;
                        case 1: this.pc = pc; this.sp = sp; if (switched) { SaveRegisters(ctx, frame, temps, meth, info, code, lits, rcvr, rslots, inBlk); switched = false; } SuperSend(lits[x].Obj, e & 31); goto checkInterrupts;
                        case 2: frame[++sp] = rslots![x]; continue;
                        case 3: frame[++sp] = lits[x]; continue;
                        case 4: frame[++sp] = ((PointersObject)lits[x].Obj).Slots[Layout.AssocValue]; continue;
                        case 5: case 6:
                            if ((rcvr.Obj.Flags & ObjectFlags.Immutable) != 0)
                            {
                                this.pc = pc; this.sp = sp; if (switched) { SaveRegisters(ctx, frame, temps, meth, info, code, lits, rcvr, rslots, inBlk); switched = false; } AttemptToAssign(x); goto reload;
                            }
                            rslots![x] = frame[sp];
                            if ((e >> 5) == 6) sp--;
                            continue;
                        default: ((PointersObject)lits[x].Obj).Slots[Layout.AssocValue] = frame[sp]; continue;
                    }
                }
                case 133:
                {
                    int e = code[pc++];
                    this.pc = pc; this.sp = sp; if (switched) { SaveRegisters(ctx, frame, temps, meth, info, code, lits, rcvr, rslots, inBlk); switched = false; }
                    SuperSend(lits[e & 31].Obj, e >> 5);
                    goto checkInterrupts;
                }
                case 134:
                {
                    int e = code[pc++];
                    selector = lits[e & 63].Obj; argc = e >> 6; goto doSend;
                }
                case 135: sp--; continue;
                case 136:
                {
                    var v = frame[sp];
                    if (v.Ref is null) frame[++sp] = Value.SmallInt(v.Bits); else frame[++sp] = v;
                    continue;
                }
                case 137: this.pc = pc; this.sp = sp; if (switched) { SaveRegisters(ctx, frame, temps, meth, info, code, lits, rcvr, rslots, inBlk); switched = false; } frame[++sp] = ThisContext(); continue;
                case 138:
                {
                    int e = code[pc++], n = e & 127;
                    var array = Mem.NewArray(n);
                    if (e >= 128) { Array.Copy(frame, sp - n + 1, array.Slots, 0, n); sp -= n; }
                    frame[++sp] = array;
                    continue;
                }
                case 139: // callPrimitive: the primitive already ran (and failed) before activation
                    pc += 2;
                    continue;
                case 140:
                {
                    int i = code[pc++], t = code[pc++];
                    frame[++sp] = ((PointersObject)temps[Layout.CtxTempStart + t].Obj).Slots[i];
                    continue;
                }
                case 141: case 142:
                {
                    int i = code[pc++], t = code[pc++];
                    ((PointersObject)temps[Layout.CtxTempStart + t].Obj).Slots[i] = frame[sp];
                    if (b == 142) sp--;
                    continue;
                }
                case 143:
                {
                    int e = code[pc++], hi = code[pc++], lo = code[pc++];
                    int numArgs = e & 15, numCopied = e >> 4, size = (hi << 8) | lo;
                    this.pc = pc; this.sp = sp; if (switched) { SaveRegisters(ctx, frame, temps, meth, info, code, lits, rcvr, rslots, inBlk); switched = false; }
                    var closure = NewClosure(numArgs, numCopied, pc);
                    sp = this.sp;
                    frame[++sp] = closure;
                    pc += size;
                    continue;
                }
                case 144: case 145: case 146: case 147: case 148: case 149: case 150: case 151: pc += b - 143; continue;
                case 152: case 153: case 154: case 155: case 156: case 157: case 158: case 159:
                {
                    var v = frame[sp--];
                    if (ReferenceEquals(v.Ref, falseV.Ref)) { pc += b - 151; continue; }
                    if (ReferenceEquals(v.Ref, trueV.Ref)) continue;
                    frame[++sp] = v;
                    this.pc = pc; this.sp = sp; if (switched) { SaveRegisters(ctx, frame, temps, meth, info, code, lits, rcvr, rslots, inBlk); switched = false; } MustBeBoolean(); goto reload;
                }
                case 160: case 161: case 162: case 163: case 164: case 165: case 166: case 167:
                {
                    var offset = ((b - 164) << 8) + code[pc++];
                    pc += offset;
                    if (offset < 0 && --InterruptCountdown <= 0) { this.pc = pc; this.sp = sp; if (switched) { SaveRegisters(ctx, frame, temps, meth, info, code, lits, rcvr, rslots, inBlk); switched = false; } CheckForInterrupts(); goto reload; }
                    continue;
                }
                case 168: case 169: case 170: case 171: case 172: case 173: case 174: case 175:
                {
                    var offset = ((b & 3) << 8) + code[pc++];
                    var v = frame[sp--];
                    var jumpOn = b <= 171 ? trueV.Ref : falseV.Ref;
                    if (ReferenceEquals(v.Ref, jumpOn)) { pc += offset; continue; }
                    if (ReferenceEquals(v.Ref, trueV.Ref) || ReferenceEquals(v.Ref, falseV.Ref)) continue;
                    frame[++sp] = v;
                    this.pc = pc; this.sp = sp; if (switched) { SaveRegisters(ctx, frame, temps, meth, info, code, lits, rcvr, rslots, inBlk); switched = false; } MustBeBoolean(); goto reload;
                }
                case 176: case 177: case 178: case 179: case 180: case 181: case 182: case 183:
                case 184: case 185: case 186: case 187: case 188: case 189: case 190: case 191:
                {
                    var a = frame[sp - 1];
                    var c = frame[sp];
                    if (a.Ref is null && c.Ref is null)
                    {
                        long x = a.Bits, y = c.Bits, r;
                        switch (b)
                        {
                            case 176: r = x + y; if ((ulong)(r - Mem.MinSmallInt) <= (ulong)smallIntSpan) { frame[--sp] = Value.SmallInt(r); continue; } break;
                            case 177: r = x - y; if ((ulong)(r - Mem.MinSmallInt) <= (ulong)smallIntSpan) { frame[--sp] = Value.SmallInt(r); continue; } break;
                            case 178: cond = x < y; goto compared;
                            case 179: cond = x > y; goto compared;
                            case 180: cond = x <= y; goto compared;
                            case 181: cond = x >= y; goto compared;
                            case 182: cond = x == y; goto compared;
                            case 183: cond = x != y; goto compared;
                            case 184:
                                if (!Math.BigMul(x, y, out var low).Equals(low >> 63)) break;
                                if ((ulong)(low - Mem.MinSmallInt) <= (ulong)smallIntSpan) { frame[--sp] = Value.SmallInt(low); continue; }
                                break;
                            case 185:
                                if (y != 0 && x % y == 0) { r = x / y; if ((ulong)(r - Mem.MinSmallInt) <= (ulong)smallIntSpan) { frame[--sp] = Value.SmallInt(r); continue; } }
                                break;
                            case 186:
                                if (y != 0) { r = x % y; if (r != 0 && (r ^ y) < 0) r += y; frame[--sp] = Value.SmallInt(r); continue; }
                                break;
                            case 187: break;
                            case 188:
                                if (y >= 0 && y < 62) { r = x << (int)y; if ((r >> (int)y) == x && (ulong)(r - Mem.MinSmallInt) <= (ulong)smallIntSpan) { frame[--sp] = Value.SmallInt(r); continue; } }
                                else if (y < 0) { frame[--sp] = Value.SmallInt(y <= -63 ? (x < 0 ? -1 : 0) : x >> (int)-y); continue; }
                                break;
                            case 189:
                                if (y != 0) { r = Math.DivRem(x, y, out var rem); if (rem != 0 && (rem ^ y) < 0) r--; if ((ulong)(r - Mem.MinSmallInt) <= (ulong)smallIntSpan) { frame[--sp] = Value.SmallInt(r); continue; } }
                                break;
                            case 190: frame[--sp] = Value.SmallInt(x & y); continue;
                            case 191: frame[--sp] = Value.SmallInt(x | y); continue;
                        }
                    }
                    else if (TryFloatSpecial(b - 176, a, c, out var floatResult, out var isBoolean, out cond))
                    {
                        if (isBoolean) goto compared;
                        frame[--sp] = floatResult;
                        continue;
                    }
                    this.pc = pc; this.sp = sp; if (switched) { SaveRegisters(ctx, frame, temps, meth, info, code, lits, rcvr, rslots, inBlk); switched = false; }
                    SendSpecial(b - 176);
                    goto checkInterrupts;
                }
                case 192: // at: on an Array, ByteArray or String answers without a send (their at: is the primitive)
                {
                    var r = frame[sp - 1].Ref;
                    var index = frame[sp];
                    if (index.Ref is null && r is not null)
                    {
                        var i = index.Bits - 1;
                        if (r is PointersObject ap && ReferenceEquals(ap.Class, Mem.ClassArray) && (ulong)i < (ulong)ap.Slots.Length)
                        {
                            var element = ap.Slots[i];
                            // A Boolean element tested at once branches like a comparison does.
                            if (ReferenceEquals(element.Ref, trueV.Ref)) { cond = true; goto compared; }
                            if (ReferenceEquals(element.Ref, falseV.Ref)) { cond = false; goto compared; }
                            frame[--sp] = element;
                            continue;
                        }
                        if (r is BytesObject bo && (ulong)i < (ulong)bo.Bytes.Length)
                        {
                            if (ReferenceEquals(bo.Class, Mem.ClassByteArray)) { frame[--sp] = Value.SmallInt(bo.Bytes[i]); continue; }
                            if (ReferenceEquals(bo.Class, Mem.ClassString)) { frame[--sp] = Mem.Char(bo.Bytes[i]); continue; }
                        }
                    }
                    goto default;
                }
                case 193: // at:put: likewise
                {
                    var r = frame[sp - 2].Ref;
                    var index = frame[sp - 1];
                    if (index.Ref is null && r is not null && (r.Flags & ObjectFlags.Immutable) == 0)
                    {
                        var i = index.Bits - 1;
                        var v = frame[sp];
                        if (r is PointersObject ap && ReferenceEquals(ap.Class, Mem.ClassArray) && (ulong)i < (ulong)ap.Slots.Length)
                        {
                            ap.Slots[i] = v;
                            // The answer is usually popped at once: skip pushing it then.
                            if (code[pc] == 135) { pc++; sp -= 3; continue; }
                            sp -= 2; frame[sp] = v; continue;
                        }
                        if (r is BytesObject bo && (ulong)i < (ulong)bo.Bytes.Length && ReferenceEquals(bo.Class, Mem.ClassByteArray) && v.Ref is null && (ulong)v.Bits <= 255)
                        { bo.Bytes[i] = (byte)v.Bits; sp -= 2; frame[sp] = v; continue; }
                    }
                    goto default;
                }
                case 194: // size
                {
                    var r = frame[sp].Ref;
                    if (r is PointersObject ap && ReferenceEquals(ap.Class, Mem.ClassArray)) { frame[sp] = Value.SmallInt(ap.Slots.Length); continue; }
                    if (r is BytesObject bo && (ReferenceEquals(bo.Class, Mem.ClassByteArray) || ReferenceEquals(bo.Class, Mem.ClassString)))
                    { frame[sp] = Value.SmallInt(bo.Bytes.Length); continue; }
                    goto default;
                }
                case 198:
                {
                    var a = frame[sp - 1];
                    var c = frame[sp];
                    frame[--sp] = ReferenceEquals(a.Ref, c.Ref) && a.Bits == c.Bits ? trueV : falseV;
                    continue;
                }
                case 199:
                    frame[sp] = Mem.ClassOf(frame[sp]);
                    continue;
                case 195: case 196: case 197:
                case 200: case 201: case 202: case 203: case 204: case 205: case 206: case 207:
                    this.pc = pc; this.sp = sp; if (switched) { SaveRegisters(ctx, frame, temps, meth, info, code, lits, rcvr, rslots, inBlk); switched = false; }
                    SendSpecial(b - 176);
                    goto checkInterrupts;
                case 208: case 209: case 210: case 211: case 212: case 213: case 214: case 215: case 216: case 217: case 218: case 219: case 220: case 221: case 222: case 223:
                    selector = lits[b & 15].Obj; argc = 0; goto doSend;
                case 224: case 225: case 226: case 227: case 228: case 229: case 230: case 231: case 232: case 233: case 234: case 235: case 236: case 237: case 238: case 239:
                    selector = lits[b & 15].Obj; argc = 1; goto doSend;
                case 240: case 241: case 242: case 243: case 244: case 245: case 246: case 247: case 248: case 249: case 250: case 251: case 252: case 253: case 254: case 255:
                    selector = lits[b & 15].Obj; argc = 2; goto doSend;
                default:
                    if (b is >= 192 and <= 207) { this.pc = pc; this.sp = sp; if (switched) { SaveRegisters(ctx, frame, temps, meth, info, code, lits, rcvr, rslots, inBlk); switched = false; } SendSpecial(b - 176); goto checkInterrupts; }
                    throw new VmError($"unknown bytecode {b}");
            }
        }

    checkInterrupts:
        if (--InterruptCountdown <= 0) CheckForInterrupts();
        goto reload;

    doSend:
        {
            // Fast path: a cached method without a primitive is activated right here, in locals.
            var rv = frame[sp - argc];
            var cls = rv.Ref is null ? Mem.ClassSmallInteger : rv.Ref is ImageAot.Runtime.ObjectModel.ImmediateTag ? Mem.ClassOf(rv) : rv.Ref.Class;
            var entry = this.cache.Slot(cls, selector);
            if (ReferenceEquals(entry.Class, cls) && ReferenceEquals(entry.Selector, selector) && entry.Info is { } mi
                && mi.NumArgs == argc && mi.PrimitiveIndex == 0 && mi.Trap is null && !mi.UsesSista && mi.Body is null && !mi.AwaitingBody)
            {
                SendCount++;
                var m = System.Runtime.CompilerServices.Unsafe.As<CompiledMethodObject>(entry.Method!);
                var nctx = NewContext(Layout.CtxTempStart + mi.FrameSize);
                var ns = nctx.Slots;
                ns[Layout.CtxSender] = ctx;
                if (!ReferenceEquals(ns[Layout.CtxMethod].Ref, m)) ns[Layout.CtxMethod] = m;
                if (!ReferenceEquals(ns[Layout.CtxClosure].Ref, Mem.Nil)) ns[Layout.CtxClosure] = nil;
                var ri = sp - argc;
                for (var i = 0; i <= argc; i++)
                {
                    var v = frame[ri + i];
                    if (v.Ref is null) ns[Layout.CtxReceiver + i] = Value.SmallInt(v.Bits); else ns[Layout.CtxReceiver + i] = v;
                }
                var tempEnd = Layout.CtxTempStart + mi.NumTemps;
                for (var i = Layout.CtxTempStart + argc; i < tempEnd; i++) ns[i] = nil;
                frame[Layout.CtxPc] = Value.SmallInt(pc + info.BytecodeOffset + 1);
                frame[Layout.CtxStackp] = Value.SmallInt(ri - Layout.CtxTempStart);
                ctx = nctx; frame = ns; temps = ns; meth = m; info = mi; code = m.Bytes; lits = m.Literals;
                rcvr = rv; rslots = (rv.Ref as PointersObject)?.Slots; inBlk = false;
                pc = 0; sp = tempEnd - 1;
                switched = true;
                if (--InterruptCountdown <= 0) { this.pc = pc; this.sp = sp; if (switched) { SaveRegisters(ctx, frame, temps, meth, info, code, lits, rcvr, rslots, inBlk); switched = false; } CheckForInterrupts(); goto reload; }
                goto loop;
            }
            this.pc = pc; this.sp = sp; if (switched) { SaveRegisters(ctx, frame, temps, meth, info, code, lits, rcvr, rslots, inBlk); switched = false; }
            SendTo(cls, selector, argc);
            goto checkInterrupts;
        }

    doReturn:
        if (inBlk) { this.pc = pc; this.sp = sp; if (switched) { SaveRegisters(ctx, frame, temps, meth, info, code, lits, rcvr, rslots, inBlk); switched = false; } NonLocalReturn(result); goto reload; }

    doLocalReturn:
        {
            // Fast path: back to a live method (or closure) activation, in locals.
            if (!ReferenceEquals(ctx, baseContext) && frame[Layout.CtxSender].Ref is PointersObject sender)
            {
                var ss = sender.Slots;
                if (ss.Length > Layout.CtxReceiver && ss[Layout.CtxPc].Ref is null && ss[Layout.CtxStackp].Ref is null
                    && ss[Layout.CtxMethod].Ref is CompiledMethodObject sm && sm.VmInfo is MethodInfo { UsesSista: false, Body: null } smi)
                {
                    if ((ctx.Flags & ObjectFlags.Recyclable) != 0) Recycle(ctx);
                    else { frame[Layout.CtxSender] = nil; frame[Layout.CtxPc] = nil; }
                    var closureRef = ss[Layout.CtxClosure].Ref;
                    ctx = sender; frame = ss; temps = ss; meth = sm; info = smi; code = sm.Bytes; lits = sm.Literals;
                    rcvr = ss[Layout.CtxReceiver]; rslots = (rcvr.Ref as PointersObject)?.Slots;
                    inBlk = closureRef is not null && !ReferenceEquals(closureRef, Mem.Nil);
                    pc = (int)ss[Layout.CtxPc].Bits - info.BytecodeOffset - 1;
                    sp = (int)ss[Layout.CtxStackp].Bits + Layout.CtxTempStart - 1;
                    if (result.Ref is null) frame[++sp] = Value.SmallInt(result.Bits); else frame[++sp] = result;
                    switched = true;
                    goto loop;
                }
            }
            this.pc = pc; this.sp = sp; if (switched) { SaveRegisters(ctx, frame, temps, meth, info, code, lits, rcvr, rslots, inBlk); switched = false; }
            ReturnToSender(result);
            goto reload;
        }

    compared:
        // A comparison followed by a conditional jump branches at once, without making a Boolean (the classic VM's booleanCheat).
        sp--;
        {
            int next = code[pc];
            if (next is >= 152 and <= 159) { sp--; pc++; if (!cond) pc += next - 151; }
            else if (next is >= 168 and <= 175)
            {
                sp--;
                var offset = ((next & 3) << 8) + code[pc + 1];
                pc += 2;
                if (cond == next <= 171) pc += offset;
            }
            else frame[sp] = cond ? trueV : falseV;
        }
        goto loop;
    }

    /// <summary>Set when a compiled body has just stopped: the loop then interprets the instruction it stopped at.</summary>
    private bool bodyJustRan;

    /// <summary>
    /// Runs compiled bodies: the active context's from its pc, then, for the sends and returns
    /// they stop at, does those here and goes on in the next context's body, until a context
    /// without one or an instruction only the interpreter does.
    /// </summary>
    private void RunCompiledBody(CompiledBody body)
    {
        while (true)
        {
            var state = new BodyState
            {
                Frame = frame, Temps = temps, ReceiverSlots = receiverSlots, Literals = literals, Receiver = receiver, Sp = sp,
                Countdown = InterruptCountdown, ReceiverImmutable = receiver.Ref is { } ro && (ro.Flags & ObjectFlags.Immutable) != 0,
                TrueV = Mem.TrueV, FalseV = Mem.FalseV, NilV = Mem.NilV, MinSmallInt = Mem.MinSmallInt, MaxSmallInt = Mem.MaxSmallInt,
                ClassArray = Mem.ClassArray,
            };
            pc = body(ref state, pc);
            directBlocked = false;
            sp = state.Sp;
            InterruptCountdown = state.Countdown;
            switch (state.Exit)
            {
                case BodyExit.Send: pc = state.ExitNextPc; Send(literals[state.ExitIndex].Obj, state.ExitArgCount); break;
                case BodyExit.SuperSend: pc = state.ExitNextPc; SuperSend(literals[state.ExitIndex].Obj, state.ExitArgCount); break;
                case BodyExit.SpecialSend: pc = state.ExitNextPc; SendSpecial(state.ExitIndex); break;
                case BodyExit.ReturnTop: pc = state.ExitNextPc; Return(frame[sp--]); break;
                case BodyExit.ReturnReceiver: pc = state.ExitNextPc; Return(receiver); break;
                case BodyExit.ReturnTrue: pc = state.ExitNextPc; Return(Mem.TrueV); break;
                case BodyExit.ReturnFalse: pc = state.ExitNextPc; Return(Mem.FalseV); break;
                case BodyExit.ReturnNil: pc = state.ExitNextPc; Return(Mem.NilV); break;
                case BodyExit.BlockReturnTop: pc = state.ExitNextPc; BlockReturn(frame[sp--]); break;
                default:
                    bodyJustRan = true;
                    if (InterruptCountdown <= 0) CheckForInterrupts();
                    return;
            }
            if (--InterruptCountdown <= 0) CheckForInterrupts();
            if (stopRequested || methodInfo.Body is not { } next || CanResumeDirect()) return;
            body = next;
        }

        void Return(Value v)
        {
            if (inBlock) NonLocalReturn(v); else ReturnToSender(v);
        }
    }

    /// <summary>Writes the dispatch loop's register locals back into the fields (after its fast paths switched context).</summary>
    private void SaveRegisters(PointersObject ctx, Value[] frame, Value[] temps, CompiledMethodObject meth, MethodInfo info,
        byte[] code, Value[] lits, Value rcvr, Value[]? rslots, bool inBlk)
    {
        activeContext = ctx; this.frame = frame; this.temps = temps; method = meth; methodInfo = info;
        this.code = code; literals = lits; receiver = rcvr; receiverSlots = rslots; inBlock = inBlk;
    }

    private void MustBeBoolean() => Send(Mem.Special(SpecialObjectIndex.SelectorMustBeBoolean).Obj, 0);

    /// <summary>A store into an immutable receiver's slot becomes attemptToAssign:withIndex: (the value is on the stack).</summary>
    private void AttemptToAssign(int slot)
    {
        var value = frame[sp--];
        frame[++sp] = receiver;
        frame[++sp] = value;
        frame[++sp] = Value.SmallInt(slot + 1);
        Send(Mem.Special(50).Obj, 2);
    }
}
