using System.Runtime.InteropServices;

namespace Rescue.Search.Vectors;

/// <summary>
/// A record's filterable attributes in 6 bytes, one per indexed face, stored in a column beside the codes so the
/// scan decides whether to read a face's 512 code bytes after touching only these.
/// </summary>
/// <remarks>
/// Kind, status and sex are one-hot bits of one byte, so any filter on them is a lookup in a 128-entry table
/// built once per query. Unknown birth-year ends are stored as the widest shorts, which makes the overlap
/// test two comparisons with no case for "unknown".
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct PackedRecord
{
    public const int FlagCount = 1 << 7;

    public readonly byte Flags;
    public readonly short BornFrom;
    public readonly short BornTo;

    private PackedRecord(byte flags, short bornFrom, short bornTo)
    {
        Flags = flags;
        BornFrom = bornFrom;
        BornTo = bornTo;
    }

    public static PackedRecord From(FaceRecord record) => new(
        (byte)(KindBit(record.Kind) | StatusBit(record.Status) | SexBit(record.Sex)),
        Year(record.BornFrom, short.MinValue),
        Year(record.BornTo, short.MaxValue));

    /// <summary>Which flag bytes a filter admits, indexed by <see cref="Flags"/>.</summary>
    public static bool[] AdmittedFlags(FaceFilter filter)
    {
        var kinds = filter.Kind is { } kind ? KindBit(kind) : KindBit(RecordKind.Notice) | KindBit(RecordKind.Admission);
        var statuses = filter.Status is { } status ? StatusBit(status) : StatusBit(RecordStatus.Open) | StatusBit(RecordStatus.Closed);
        var sexes = filter.Sex == RecordSex.Unknown
            ? SexBit(RecordSex.Unknown) | SexBit(RecordSex.Male) | SexBit(RecordSex.Female)
            : SexBit(RecordSex.Unknown) | SexBit(filter.Sex);
        var admitted = new bool[FlagCount];
        for (var flags = 0; flags < FlagCount; flags++)
            admitted[flags] = (flags & kinds) != 0 && (flags & statuses) != 0 && (flags & sexes) != 0;
        return admitted;
    }

    public static short Year(int? year, short unknown) =>
        year is { } y ? (short)Math.Clamp(y, short.MinValue + 1, short.MaxValue - 1) : unknown;

    private static int KindBit(RecordKind kind) => 1 << (int)kind;

    private static int StatusBit(RecordStatus status) => 1 << (2 + (int)status);

    private static int SexBit(RecordSex sex) => 1 << (4 + (int)sex);
}
