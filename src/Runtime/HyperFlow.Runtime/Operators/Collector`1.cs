using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace HyperFlow;

/// <summary>
/// Where a <see cref="FlatMapAttribute"/> method emits its outputs: zero, one or many per input. One
/// collector per operator and subtask, reused for every input, so emitting allocates nothing once it
/// has grown to the largest fan-out seen.
/// </summary>
/// <typeparam name="T">The output event type.</typeparam>
public sealed class Collector<T>
{
    private T[] _items = new T[16];
    private int _count;

    /// <summary>The outputs emitted for the current input. Used by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public ReadOnlySpan<T> Items => new(_items, 0, _count);

    /// <summary>Emits one output.</summary>
    /// <param name="value">The output.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Emit(in T value)
    {
        if (_count == _items.Length)
        {
            Grow();
        }

        _items[_count++] = value;
    }

    /// <summary>Forgets the outputs of the previous input. Used by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void Clear()
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            Array.Clear(_items, 0, _count);
        }

        _count = 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow() => Array.Resize(ref _items, _items.Length * 2);
}
