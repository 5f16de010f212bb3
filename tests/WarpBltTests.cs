using ImageAot.Runtime.Primitives;
using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// WarpBlt's warpBits (primitiveWarpBits in Cuis, 147 in Squeak 2) against the images' own
/// Smalltalk simulation of it, which runs when the primitive fails: the same WarpBlt on the same
/// forms must give the same words either way.
/// </summary>
public class WarpBltTests
{
    private const string Cuis = "cuis5.0-spur32.image", Squeak22 = "squeak2.2-bigendian.image";

    /// <summary>
    /// The expression with warpBits simulated in Smalltalk: the warp primitives fail once the
    /// session is set up (Cuis rebuilds its icons with WarpBlt when a session starts, which the
    /// simulation would take half a minute to do).
    /// </summary>
    private static string Simulated(string image, string expr)
    {
        var simulate = false;
        var t = PrimitiveTable.CreateStandard();
        var numbered = t.Numbered(147)!;
        var named = t.Named("BitBltPlugin", "primitiveWarpBits")!;
        t.Add(147, (vm, n) => !simulate && numbered(vm, n));
        t.AddNamed("BitBltPlugin", "primitiveWarpBits", (vm, n) => !simulate && named(vm, n));
        return BitBltTests.PrintWith(t, image, expr, () => simulate = true);
    }

    private static void AssertSameAsSimulation(string image, string expr)
    {
        var primitive = BitBltTests.PrintWith(PrimitiveTable.CreateStandard(), image, expr);
        var simulated = Simulated(image, expr);
        Assert.Equal(simulated, primitive);
        Assert.True(primitive.Length > 40, primitive);   // the forms were really drawn
    }

    // A 13x9 source whose every pixel differs, the destination larger and cleared to a known colour.
    private const string Forms32 =
        "| s d w | s := Form extent: 13@9 depth: 32. 0 to: 8 do: [:y | 0 to: 12 do: [:x | s pixelValueAt: x@y put: 16rFF000000 + (x * 16r130000) + (y * 16r1C00) + 16r40]]. "
        + "d := Form extent: 23@19 depth: 32. d fillColor: Color white. w := WarpBlt toForm: d. w sourceForm: s; combinationRule: 3. ";

    /// <summary>All the warps in one expression (one image session each way): each in a block with forms of its own.</summary>
    private static string Each(string[] warps, string answer) =>
        "{" + string.Join(". ", warps.Select(w => "[" + Forms32 + w + " " + answer + "] value")) + "}";

    [Fact]
    public void Cuis_32_bit_warps_match_the_simulation()
    {
        string[] warps =
        [
            "w cellSize: 1. w copyQuad: {0@0. 0@9. 13@9. 13@0} toRect: (0@0 extent: 13@9).",                 // identity
            "w cellSize: 1. w copyQuad: {0@0. 0@9. 13@9. 13@0} toRect: (2@1 extent: 21@17).",                // enlarged
            "w cellSize: 1. w copyQuad: {0@0. 0@9. 13@9. 13@0} toRect: (3@3 extent: 6@5).",                  // shrunk
            "w cellSize: 1. w copyQuad: {13@0. 0@0. 0@9. 13@9} toRect: (1@1 extent: 9@13).",                 // turned a quarter
            "w cellSize: 1. w copyQuad: {2@0. 0@7. 11@9. 13@2} toRect: (0@0 extent: 23@19).",                // rotated and skewed
            "w cellSize: 1. w clipRect: (4@3 extent: 9@8). w copyQuad: {0@0. 0@9. 13@9. 13@0} toRect: (0@0 extent: 20@15).", // clipped
        ];
        AssertSameAsSimulation(Cuis, Each(warps, "d bits asArray"));
    }

    /// <summary>
    /// Smoothing averages n×n samples a pixel. The simulation averages colour only and leaves alpha
    /// 0; the C VMs average alpha too, as we do: so colours are compared, and alpha checked apart.
    /// </summary>
    [Fact]
    public void Cuis_smoothed_warps_average_the_colours_the_simulation_averages()
    {
        string[] warps =
        [
            "w cellSize: 2. w copyQuad: {0@0. 0@9. 13@9. 13@0} toRect: (1@1 extent: 7@5).",
            "w cellSize: 3. w copyQuad: {1@0. 0@8. 12@9. 13@1} toRect: (0@0 extent: 11@10).",
        ];
        AssertSameAsSimulation(Cuis, Each(warps, "d bits asArray collect: [:x | x bitAnd: 16rFFFFFF]"));
        // Cells of opaque samples stay opaque (where the simulation leaves alpha 0).
        Assert.Equal("#(true true)", BitBltTests.PrintWith(PrimitiveTable.CreateStandard(), Cuis,
            Each(warps, "(d bits asArray select: [:x | x ~= 16rFFFFFFFF and: [(x bitShift: -24) = 255]]) size > 10")));
    }

    [Fact]
    public void An_8_bit_source_warped_through_its_colour_map_equals_its_32_bit_copy_warped()
    {
        // Sampling picks whole pixels, so mapping colours before or after the warp gives the same
        // words. (Cuis' simulation draws only the first row of an 8-bit warp, so it cannot serve here.)
        var expr = "| s d d2 w cm | s := Form extent: 11@7 depth: 8. 0 to: 6 do: [:y | 0 to: 10 do: [:x | s pixelValueAt: x@y put: (x * 7 + y) \\\\ 256]]. "
                 + "cm := s colormapIfNeededForDepth: 32. d := Form extent: 15@12 depth: 32. d2 := Form extent: 15@12 depth: 32. "
                 + "w := WarpBlt toForm: d. w sourceForm: s; combinationRule: 3; cellSize: 1; colorMap: cm. w copyQuad: {0@0. 1@7. 11@6. 10@0} toRect: (0@0 extent: 15@12). "
                 + "w := WarpBlt toForm: d2. w sourceForm: (s asFormOfDepth: 32); combinationRule: 3; cellSize: 1. w copyQuad: {0@0. 1@7. 11@6. 10@0} toRect: (0@0 extent: 15@12). "
                 + "{d bits asArray = d2 bits asArray. (d bits asArray asSet size)}";
        var r = BitBltTests.PrintWith(PrimitiveTable.CreateStandard(), Cuis, expr);
        Assert.StartsWith("#(true ", r);
        Assert.True(int.Parse(r.Split(' ')[1].TrimEnd(')')) > 20, r);   // many colours were drawn
    }

    [Fact]
    public void Squeak_2_2_turns_a_form_a_quarter_with_primitive_147()
    {
        // Form>>rotateBy: goes through WarpBlt (paint rule). Squeak 2.2's simulation has slips of its
        // own (it steps y by the x increment), so the check is that a quarter turn keeps every pixel.
        var expr = "| s r set | s := Form extent: 12@8 depth: 8. 0 to: 7 do: [:y | 0 to: 11 do: [:x | s pixelValueAt: x@y put: x + (y * 12) + 1]]. "
                 + "r := s rotateBy: 90. set := Set new. 0 to: r height - 1 do: [:y | 0 to: r width - 1 do: [:x | set add: (r pixelValueAt: x@y)]]. "
                 + "(1 to: 96) count: [:v | set includes: v]";
        var calls = 0;
        var t = PrimitiveTable.CreateStandard();
        var warp = t.Numbered(147)!;
        t.Add(147, (vm, n) => { calls++; return warp(vm, n); });
        Assert.Equal("96", BitBltTests.PrintWith(t, Squeak22, expr));
        Assert.True(calls > 0, "primitive 147 was not called");
    }

    [Fact]
    public void Smoothing_divides_every_possible_sum_exactly_by_every_sample_count()
    {
        for (var k = 1; k <= Runtime.Graphics.SampleDivision.MaxSamples; k++)
        {
            var reciprocal = Runtime.Graphics.SampleDivision.Reciprocal(k);
            for (var sum = 0; sum <= Runtime.Graphics.SampleDivision.MaxSum; sum++)
                if (Runtime.Graphics.SampleDivision.Quotient(sum, reciprocal) != (uint)(sum / k))
                    Assert.Fail($"{sum} / {k}");
        }
    }
}
