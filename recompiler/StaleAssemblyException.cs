namespace ImageAot.Recompiler;

/// <summary>
/// A recompiled assembly that refers to runtime members this build no longer has: it was made by an
/// earlier build of ImageAot, and its bodies would fail the first time the JIT met such a reference.
/// </summary>
public sealed class StaleAssemblyException(string path, string member)
    : Exception($"{path} was recompiled by another build of ImageAot (it needs {member}): recompile the image");
