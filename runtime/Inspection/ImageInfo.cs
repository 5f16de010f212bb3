using ImageAot.Runtime.Image;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Inspection;

/// <summary>What a person wants to know about an image before running it.</summary>
public sealed record ImageInfo
{
    public static readonly int[] SpecialClassIndices =
    [
        SpecialObjectIndex.ClassSmallInteger, SpecialObjectIndex.ClassString, SpecialObjectIndex.ClassArray,
        SpecialObjectIndex.ClassFloat, SpecialObjectIndex.ClassPoint, SpecialObjectIndex.ClassCompiledMethod,
        SpecialObjectIndex.ClassSemaphore, SpecialObjectIndex.ClassCharacter,
    ];

    public int Format { get; init; }
    public string FormatDescription { get; init; } = "";
    public string ByteOrder { get; init; } = "";
    public int WordSize { get; init; }
    public int HeaderSize { get; init; }
    public int FilePrefixBytes { get; init; }
    public long HeapBytes { get; init; }
    public int Segments { get; init; }
    public long TrailingBytes { get; init; }
    public int ObjectCount { get; init; }
    public int ClassCount { get; init; }
    public int MetaclassCount { get; init; }
    public int CompiledMethodCount { get; init; }
    public int MethodDictionaryMethodCount { get; init; }
    public Dictionary<string, string> SpecialClasses { get; init; } = new();
    public List<string> ActiveContext { get; init; } = [];
    public Dictionary<string, int> BytecodeSets { get; init; } = new();

    public static ImageInfo Of(SqueakImage image)
    {
        var names = new ClassNames(image);
        var methods = new MethodDirectory(image, names);
        var compiledMethodClass = image.Special(SpecialObjectIndex.ClassCompiledMethod);
        int classes = 0, metaclasses = 0, compiledMethods = 0, sista = 0;
        foreach (var o in image.Objects)
        {
            if (names.IsMetaclass(o)) metaclasses++;
            else if (names.IsClass(o)) classes++;
            if (compiledMethodClass.IsObject && ReferenceEquals(o.Class, compiledMethodClass.Obj) && o is CompiledMethodObject m)
            {
                compiledMethods++;
                if (image.HeaderOf(m).UsesSistaV1) sista++;
            }
        }
        var specialClasses = new Dictionary<string, string>();
        foreach (var i in SpecialClassIndices)
        {
            var v = image.Special(i);
            specialClasses[i.ToString()] = v.IsObject && names.IsClass(v.Obj) ? names.NameOf(v.Obj) : "(none)";
        }
        return new ImageInfo
        {
            Format = image.Format.Number,
            FormatDescription = image.Format.ToString(),
            ByteOrder = image.LittleEndian ? "little" : "big",
            WordSize = image.WordSize,
            HeaderSize = image.HeaderSize,
            FilePrefixBytes = image.FilePrefix.Length,
            HeapBytes = image.HeapBytes,
            Segments = image.SegmentCount,
            TrailingBytes = image.TrailingBytes,
            ObjectCount = image.Objects.Count,
            ClassCount = classes,
            MetaclassCount = metaclasses,
            CompiledMethodCount = compiledMethods,
            MethodDictionaryMethodCount = methods.Owners.Count,
            SpecialClasses = specialClasses,
            ActiveContext = new ContextDescriber(image, names, methods).ActiveContextChain(30),
            BytecodeSets = new Dictionary<string, int> { ["V3"] = compiledMethods - sista, ["SistaV1"] = sista },
        };
    }
}
