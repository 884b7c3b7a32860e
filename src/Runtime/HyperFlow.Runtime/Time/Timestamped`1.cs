namespace HyperFlow;

/// <summary>
/// A record and its event-time timestamp, as they travel through the rings between chains of a stream
/// that has timestamps (after <see cref="IStream{T}.Timestamps(TimestampFunction{T}, long, long)"/>).
/// Streams without timestamps carry the bare record, so they pay nothing for this.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
/// <remarks>Fields, not properties, so that generated code reads the record in place (<c>ref readonly</c>) without copying it.</remarks>
public readonly struct Timestamped<T> : IEquatable<Timestamped<T>>
{
    /// <summary>The record.</summary>
    public readonly T Value;

    /// <summary>The record's timestamp.</summary>
    public readonly long Timestamp;

    /// <summary>Pairs a record with its timestamp.</summary>
    /// <param name="value">The record.</param>
    /// <param name="timestamp">Its timestamp.</param>
    public Timestamped(T value, long timestamp)
    {
        Value = value;
        Timestamp = timestamp;
    }

    /// <summary>Whether two pairs hold equal records and the same timestamp.</summary>
    public static bool operator ==(Timestamped<T> left, Timestamped<T> right) => left.Equals(right);

    /// <summary>Whether two pairs differ in record or timestamp.</summary>
    public static bool operator !=(Timestamped<T> left, Timestamped<T> right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(Timestamped<T> other) => Timestamp == other.Timestamp && EqualityComparer<T>.Default.Equals(Value, other.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Timestamped<T> other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Value, Timestamp);

    /// <inheritdoc />
    public override string ToString() => $"{Value} @ {Timestamp}";
}
