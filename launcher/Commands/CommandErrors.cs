using ImageAot.Runtime.Image;

namespace ImageAot.Launcher.Commands;

/// <summary>
/// Runs a command body so that every failure a user can cause ends as one line on stderr
/// and a non-zero exit code, never a .NET stack trace.
/// </summary>
public static class CommandErrors
{
    public const int BadInput = 1;
    public const int InternalError = 70;

    public static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is ImageFormatException or IOException or UnauthorizedAccessException or UsageException or Runtime.Execution.VmError
                                      or BadImageFormatException or InvalidDataException or Recompiler.Bundling.BundleDamagedException
                                      or Recompiler.StaleAssemblyException)
        {
            Console.Error.WriteLine($"error: {OneLine(e.Message)}");
            return BadInput;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"internal error: {e.GetType().Name}: {OneLine(e.Message)}");
            return InternalError;
        }
    }

    private static string OneLine(string s) => s.ReplaceLineEndings(" ");
}
