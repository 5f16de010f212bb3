namespace ImageAot.Runtime.Image;

/// <summary>The file is not an image we can load: its message is one line meant for a person.</summary>
public sealed class ImageFormatException(string message) : Exception(message);
