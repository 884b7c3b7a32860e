using System.Runtime.CompilerServices;
using HyperFlow.Storage.Keys;

namespace HyperFlow.Timers;

/// <summary>
/// The identity of one timer, and the key under which a <see cref="TimerService{TKey, TNamespace}"/>
/// keeps it in its keyed state store: (key, namespace, time, domain). Its key group is that of
/// <see cref="Key"/> alone (<see cref="INamespacedKey"/>), so a key's timers move with the key's other
/// state when a job is restored with another parallelism.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TNamespace">The namespace type (a window, or <see cref="VoidNamespace"/>).</typeparam>
/// <param name="Key">The key the timer belongs to.</param>
/// <param name="Namespace">The timer's namespace within the key.</param>
/// <param name="Time">When the timer fires (event time, or Unix milliseconds for processing time).</param>
/// <param name="Domain">Which clock the timer follows.</param>
public readonly record struct TimerKey<TKey, TNamespace>(TKey Key, TNamespace Namespace, long Time, TimeDomain Domain) : INamespacedKey
    where TKey : notnull
    where TNamespace : unmanaged, IEquatable<TNamespace>
{
    /// <inheritdoc />
    public ulong StableKeyHash => KeyHash.Of(Key);

    /// <summary>Compares every part, cheapest first.</summary>
    /// <param name="other">The other timer.</param>
    /// <returns><c>true</c> if both name the same timer.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Equals(TimerKey<TKey, TNamespace> other)
        => Time == other.Time
            && Domain == other.Domain
            && Namespace.Equals(other.Namespace)
            && EqualityComparer<TKey>.Default.Equals(Key, other.Key);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Key, Namespace, Time, Domain);
}
