using System.Buffers;

namespace HyperFlow.Connectors.Files;

/// <summary>
/// Writes one record of a <see cref="FileSink{T}"/> as UTF-8 bytes, without the line terminator (the
/// sink appends <c>'\n'</c>). Writing straight into the sink's buffer costs no allocation per record:
/// <code>
/// static void Encode(in Trade t, IBufferWriter&lt;byte&gt; output)
/// {
///     Span&lt;byte&gt; span = output.GetSpan(64);
///     Utf8.TryWrite(span, CultureInfo.InvariantCulture, $"{t.Account},{t.Price},{t.Qty}", out int written);
///     output.Advance(written);
/// }
/// </code>
/// </summary>
/// <typeparam name="T">The event type.</typeparam>
/// <param name="record">The record.</param>
/// <param name="output">The sink's buffer; the bytes must not contain <c>'\n'</c>.</param>
public delegate void LineEncoder<T>(in T record, IBufferWriter<byte> output);
