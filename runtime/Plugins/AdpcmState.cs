using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Plugins;

/// <summary>
/// An ADPCMCodec's instance variables copied out of the object (in the order the class declares
/// them, which the C plugin relies on too), the coding loops over them, and the copy back.
/// Arithmetic follows the image's Smalltalk methods step for step, in 64-bit integers as
/// SmallIntegers would compute them; any store the Smalltalk would refuse (an index out of range,
/// a byte over 255) throws, and the primitive fails instead of storing.
/// </summary>
internal sealed class AdpcmState
{
    private const int Predicted = 0, Index = 1, DeltaSignMask = 2, DeltaValueMask = 3, DeltaValueHighBit = 4, FrameSizeMask = 5,
        CurrentByte = 6, BitPosition = 7, ByteIndex = 8, EncodedBytes = 9, Samples = 10, RightSamples = 11, SampleIndex = 12,
        BitsPerSample = 13, StepSizeTable = 14, IndexTable = 15, SlotCount = 16;

    private long predicted, index, currentByte, bitPosition, byteIndex, sampleIndex;
    private long deltaSignMask, deltaValueMask, deltaValueHighBit, frameSizeMask, bitsPerSample;
    private byte[] encoded = [];
    private SampleArray? samples, rightSamples, predictedPair, indexPair;
    private SampleArray stepSizes, indexSteps;
    private bool monoScalars;

    public static AdpcmState? Load(PointersObject codec)
    {
        var s = codec.Slots;
        if (s.Length < SlotCount) return null;
        var st = new AdpcmState();
        long? I(int k) => s[k] is { IsSmallInt: true } v ? v.SmallIntValue : null;
        if (I(DeltaSignMask) is not { } dsm || I(DeltaValueMask) is not { } dvm || I(DeltaValueHighBit) is not { } dvh
            || I(FrameSizeMask) is not { } fsm || I(CurrentByte) is not { } cb || I(BitPosition) is not { } bp
            || I(ByteIndex) is not { } bi || I(BitsPerSample) is not { } bps
            || s[EncodedBytes].Ref is not BytesObject bytes
            || SampleArray.Of(s[StepSizeTable]) is not { } steps || SampleArray.Of(s[IndexTable]) is not { } idx)
            return null;
        if (bps is < 2 or > 16 || bp is < 0 or > 8 || cb is < 0 or > 255) return null;
        (st.deltaSignMask, st.deltaValueMask, st.deltaValueHighBit, st.frameSizeMask) = (dsm, dvm, dvh, fsm);
        (st.currentByte, st.bitPosition, st.byteIndex, st.bitsPerSample) = (cb, bp, bi, bps);
        st.encoded = bytes.Bytes;
        st.stepSizes = steps;
        st.indexSteps = idx;
        st.samples = SampleArray.Of(s[Samples]);
        st.rightSamples = SampleArray.Of(s[RightSamples]);
        st.sampleIndex = I(SampleIndex) ?? -1;
        // Mono keeps predicted and index as integers, stereo as two-element SoundBuffers.
        st.monoScalars = I(Predicted) is not null && I(Index) is not null;
        st.predicted = I(Predicted) ?? 0;
        st.index = I(Index) ?? 0;
        st.predictedPair = SampleArray.Of(s[Predicted]);
        st.indexPair = SampleArray.Of(s[Index]);
        return st;
    }

    public void Store(PointersObject codec)
    {
        var s = codec.Slots;
        if (monoScalars)
        {
            s[Predicted] = Value.SmallInt(predicted);
            s[Index] = Value.SmallInt(index);
        }
        s[CurrentByte] = Value.SmallInt(currentByte);
        s[BitPosition] = Value.SmallInt(bitPosition);
        s[ByteIndex] = Value.SmallInt(byteIndex);
        if (sampleIndex >= 0) s[SampleIndex] = Value.SmallInt(sampleIndex);
    }

    // ---- the bit stream: most significant bit first, byteIndex counts bytes already taken or given

    private long NextBits(long n)
    {
        long result = 0, remaining = n;
        while (true)
        {
            var shift = remaining - bitPosition;
            result += shift >= 0 ? currentByte << (int)shift : currentByte >> (int)-shift;
            if (shift > 0)
            {
                remaining -= bitPosition;
                currentByte = encoded[checked((int)++byteIndex) - 1];
                bitPosition = 8;
            }
            else
            {
                bitPosition -= remaining;
                currentByte &= 255 >> (int)(8 - bitPosition);
                return result;
            }
        }
    }

    private void PutBits(long n, long value)
    {
        long buf = value, bufBits = n;
        while (true)
        {
            var available = 8 - bitPosition;
            var shift = available - bufBits;
            currentByte += shift >= 0 ? buf << (int)shift : buf >> (int)-shift;
            if (shift < 0)
            {
                PutByte();
                bitPosition = 0;
                currentByte = 0;
                buf &= (1L << (int)-shift) - 1;
                bufBits -= available;
            }
            else
            {
                bitPosition += bufBits;
                return;
            }
        }
    }

    /// <summary>The Smalltalk stores into a ByteArray, which refuses anything over 255: so does this.</summary>
    private void PutByte()
    {
        if (currentByte is < 0 or > 255) throw new IndexOutOfRangeException();
        encoded[checked((int)++byteIndex) - 1] = (byte)currentByte;
    }

    private static short Sample(SampleArray? a, long oneBased) =>
        a is { } s && oneBased >= 1 && oneBased <= s.Length ? s[(int)oneBased - 1] : throw new IndexOutOfRangeException();

    private static void SetSample(SampleArray? a, long oneBased, long v)
    {
        if (a is not { } s || oneBased < 1 || oneBased > s.Length || v is < short.MinValue or > short.MaxValue) throw new IndexOutOfRangeException();
        s[(int)oneBased - 1] = (short)v;
    }

    private static long Clamp16(long v) => Math.Clamp(v, short.MinValue, short.MaxValue);

    private long StepAt(long index) => Sample(stepSizes, index + 1);

    private long NextIndex(long index, long delta) => Math.Clamp(index + Sample(indexSteps, (delta & deltaValueMask) + 1), 0, 88);

    /// <summary>One channel's new prediction from a delta code: the step halved per magnitude bit, plus half a step.</summary>
    private long Decoded(long prediction, long delta, long step)
    {
        long change = 0;
        for (var bit = deltaValueHighBit; bit > 0; bit >>= 1)
        {
            if ((delta & bit) > 0) change += step;
            step >>= 1;
        }
        change += step;
        return Clamp16((delta & deltaSignMask) > 0 ? prediction - change : prediction + change);
    }

    // ---- the three coding loops

    public bool DecodeMono(int count)
    {
        if (!monoScalars || sampleIndex < 0) return false;
        for (long i = 1; i <= count; i++)
        {
            if ((i & frameSizeMask) == 1)
            {
                predicted = NextBits(16);
                if (predicted > 32767) predicted -= 65536;
                index = NextBits(6);
            }
            else
            {
                var delta = NextBits(bitsPerSample);
                predicted = Decoded(predicted, delta, StepAt(index));
                index = NextIndex(index, delta);
            }
            SetSample(samples, ++sampleIndex, predicted);
        }
        return true;
    }

    public bool DecodeStereo(int count)
    {
        if (predictedPair is not { Length: >= 2 } pp || indexPair is not { Length: >= 2 } ip || sampleIndex < 0) return false;
        long left = pp[0], right = pp[1], leftIndex = ip[0], rightIndex = ip[1];
        for (long i = 1; i <= count; i++)
        {
            if ((i & frameSizeMask) == 1)
            {
                left = NextBits(16);
                leftIndex = NextBits(6);
                right = NextBits(16);
                rightIndex = NextBits(6);
                if (left > 32767) left -= 65536;
                if (right > 32767) right -= 65536;
            }
            else
            {
                var leftDelta = NextBits(bitsPerSample);
                var rightDelta = NextBits(bitsPerSample);
                left = Decoded(left, leftDelta, StepAt(leftIndex));
                right = Decoded(right, rightDelta, StepAt(rightIndex));
                leftIndex = NextIndex(leftIndex, leftDelta);
                rightIndex = NextIndex(rightIndex, rightDelta);
            }
            SetSample(samples, ++sampleIndex, left);
            SetSample(rightSamples, sampleIndex, right);
        }
        // The pairs are SoundBuffers: their stores succeed for any 16-bit value, which every value here is
        // (the frame header's six-bit index and the clamped predictions).
        pp[0] = (short)left;
        pp[1] = (short)right;
        ip[0] = (short)leftIndex;
        ip[1] = (short)rightIndex;
        return true;
    }

    public bool EncodeMono(int count)
    {
        if (!monoScalars || sampleIndex < 0) return false;
        var step = StepAt(0);
        for (long i = 1; i <= count; i++)
        {
            if ((i & frameSizeMask) == 1)
            {
                predicted = Sample(samples, ++sampleIndex);
                PutBits(16, predicted < 0 ? predicted + 65536 : predicted);
                if (i < count) index = IndexForDelta(predicted, Sample(samples, sampleIndex + 1));
                PutBits(6, index);
            }
            else
            {
                long sign = 0, diff = Sample(samples, ++sampleIndex) - predicted;
                if (diff < 0)
                {
                    sign = deltaSignMask;
                    diff = -diff;
                }
                long delta = 0, change = 0;
                for (var bit = deltaValueHighBit; bit > 0; bit >>= 1)
                {
                    if (diff >= step)
                    {
                        delta += bit;
                        change += step;
                        diff -= step;
                    }
                    step >>= 1;
                }
                change += step;
                predicted = Clamp16(sign > 0 ? predicted - change : predicted + change);
                // Unlike decoding, the table is indexed by the magnitude bits alone.
                index = Math.Clamp(index + Sample(indexSteps, delta + 1), 0, 88);
                step = StepAt(index);
                PutBits(bitsPerSample, sign | delta);
            }
        }
        if (bitPosition > 0) PutByte();
        return true;
    }

    /// <summary>The first step-table entry (1-based position, at most 62) as large as the difference; 63 if none is.</summary>
    private long IndexForDelta(long from, long to)
    {
        var diff = Math.Abs(to - from);
        for (var j = 1; j <= 62; j++)
            if (Sample(stepSizes, j) >= diff) return j;
        return 63;
    }
}
