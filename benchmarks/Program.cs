using ImageAot.Benchmarks;

return args.FirstOrDefault() switch
{
    "load" => LoadBenchmark.Run(args.Skip(1).ToArray()),
    "tiny" => TinyBenchmark.Run(args.Skip(1).ToArray()),
    "cycles" => CyclesBenchmark.Run(args.Skip(1).ToArray()),
    "idle" => IdleBenchmark.Run(args.Skip(1).ToArray()),
    "display" => DisplayBenchmark.Run(args.Skip(1).ToArray()),
    "text" => TextBenchmark.Run(args.Skip(1).ToArray()),
    "scratch" => ScratchBenchmark.Run(args.Skip(1).ToArray()),
    "recompile" => RecompileBenchmark.Run(args.Skip(1).ToArray()),
    "suite" => SuiteBenchmark.Run(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project benchmarks -- load [IMAGE|DIR]... | tiny [IMAGE...] [--peer] | cycles [--rounds N] [--keep] [--no-tiered-jit] | idle [--warm W] [--seconds S] [--rounds N] | display | text [IMAGE...] | scratch [--rounds N] [--seconds S] [--warm S] [--project PATH]... [--keep] [--no-startup|--startup-only] | recompile [IMAGE...] [--rounds N] [--no-r2r|--r2r-only] | suite [--rounds N] [--iterations N] [--scale F] [--no-peer] [--only scaled,tiny,awfy,large] [--keep]");
    return 1;
}
