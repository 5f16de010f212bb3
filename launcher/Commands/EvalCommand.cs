using System.CommandLine;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Hosting;
using ImageAot.Runtime.Image;

namespace ImageAot.Launcher.Commands;

/// <summary>`launcher eval IMAGE EXPR | --file F`: evaluate with the image's own compiler, print the printString.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("IMAGE") { Description = "the image file" };
        var expr = new Argument<string?>("EXPR") { Description = "Smalltalk expression to evaluate", Arity = ArgumentArity.ZeroOrOne };
        var file = new Option<string?>("--file") { Description = "read the expression from this file" };
        var noStartUp = new Option<bool>("--no-startup") { Description = "skip the image's start-up (no Display, Sensor or world; faster for plain computation)" };
        var vmOptions = new VmOptions();
        var command = new Command("eval", "evaluate an expression with the image's compiler and print its printString") { image, expr, file, noStartUp };
        vmOptions.AddTo(command);
        command.SetAction(result => CommandErrors.Guard(() =>
        {
            var source = result.GetValue(file) is { } path ? File.ReadAllText(path) : result.GetValue(expr);
            if (string.IsNullOrWhiteSpace(source)) throw new UsageException("give an expression or --file FILE");
            var imagePath = result.GetValue(image)!;
            var vm = vmOptions.CreateInterpreter(result, imagePath);
            return EvaluateAndPrint(vm, source, startUp: !result.GetValue(noStartUp));
        }));
        return command;
    }

    /// <summary>Evaluates with the image's compiler and prints the printString (or the error, as one line on stderr); answers the exit code.</summary>
    public static int EvaluateAndPrint(Interpreter vm, string source, bool startUp)
    {
        var answer = new Evaluator(vm, startUp).Evaluate(source);
        if (!answer.Ok)
        {
            Console.Error.WriteLine($"error: {OneLine(answer.Text)}");
            return CommandErrors.BadInput;
        }
        Console.WriteLine(answer.Text);
        return 0;
    }

    private static string OneLine(string s) => s.ReplaceLineEndings(" ");
}
