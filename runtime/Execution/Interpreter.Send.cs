namespace ImageAot.Runtime.Execution;

public sealed partial class Interpreter
{
    private void InitializeSpecialSelectors() { }
}
