using HyperFlow.Storage.State;

namespace HyperFlow.Windows;

/// <summary>
/// What <see cref="WindowOperator{TKey, TIn, TOut}"/> keeps per key and window and how it turns it into
/// results: an incremental fold (<see cref="FoldContents{TKey, TIn, TAcc, TOut, TFold}"/>) or the
/// elements themselves for a process function (<see cref="BufferContents{TKey, TIn, TOut}"/>). Every
/// call acts on the store's current key, (key, window).
/// </summary>
internal abstract class WindowContents<TKey, TIn, TOut>
    where TKey : notnull
{
    /// <summary>The name of the state that holds the contents.</summary>
    public const string StateName = "window-contents";

    /// <summary>Whether contents of different windows can be combined (needed by session windows).</summary>
    public abstract bool CanMerge { get; }

    public abstract void Add(in TIn value);

    /// <summary>Emits the window's results; nothing when the window has no contents.</summary>
    public abstract void Emit(in TKey key, in WindowContext context, IWindowOutput<TKey, TOut> output);

    public abstract void Clear();

    /// <summary>Moves the contents of <paramref name="sources"/> into <paramref name="target"/> (all windows of <paramref name="key"/>); leaves the current key at the target.</summary>
    public abstract void Merge(KeyedStateStore<WindowKey<TKey>> store, in TKey key, ulong hash, TimeWindow target, IReadOnlyList<TimeWindow> sources);
}
