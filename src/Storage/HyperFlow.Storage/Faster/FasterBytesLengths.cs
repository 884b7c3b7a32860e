using FASTER.core;

namespace HyperFlow.Storage.Faster;

/// <summary>
/// Tells FASTER how long the value a read-modify-write of a <see cref="FasterBytesTable{TFold}"/>
/// creates will be (FASTER sizes the new record before it calls the updater that fills it).
/// </summary>
/// <typeparam name="TFold">The table's fold.</typeparam>
internal sealed class FasterBytesLengths<TFold>(FasterBytesFunctions<TFold> functions) : IVariableLengthStruct<SpanByte, SpanByte>
    where TFold : struct, IFasterBytesFold
{
    public int GetInitialLength(ref SpanByte input) => functions.InitialLength(ref input);

    public int GetLength(ref SpanByte t, ref SpanByte input) => functions.UpdatedLength(ref t, ref input);
}
