using HyperFlow.Storage.Faster;
using HyperFlow.Storage.Keys;
using HyperFlow.Storage.State;
using HyperFlow.Storage.Tests.State;
using HyperFlow.Testing;
using MessagePack;

namespace HyperFlow.Storage.Tests.Faster;

/// <summary>
/// The FASTER backend's serialized states (keys or values with references, lists, maps): cold keys
/// whose records are on disk, in-place appends, and the errors a user can meet.
/// </summary>
public class FasterBytesStateTests
{
    private const int Keys = 3000;

    // FASTER completes pending operations in disk-completion order: every key must still see its
    // operations in call order, a read after a write included.
    [Fact]
    public void ColdKeys_OperationsApplyInCallOrder()
    {
        using var dir = new TempDirectory();
        using var store = new FasterKeyedStateStore<string>(Context(), FasterTables.Tiny(dir.Path));
        ReducingState<string> joined = store.GetReducingState(new ReducingStateDescriptor<string, JoinReduce>("joined"));
        ListState<long> list = store.GetListState(new ListStateDescriptor<long>("list"));
        MapState<string, long> map = store.GetMapState(new MapStateDescriptor<string, long>("map"));
        ValueState<Note> note = store.GetValueState(new ValueStateDescriptor<Note>("note"));
        store.BeginBatch();
        for (int k = 0; k < Keys; k++)
        {
            SetKey(store, k);
            joined.Add("a");
            list.Add(k);
            map.Put("x", k);
            note.Update(new Note { Text = "n" + k, Tags = ["first"] });
        }

        store.EndBatch();

        // Keys 0..999 were written first: their records are on disk now.
        store.BeginBatch();
        for (int k = 0; k < 1000; k++)
        {
            SetKey(store, k);
            joined.Add("b");
            Assert.True(joined.TryGet(out string? value));
            Assert.Equal("a,b", value);
            list.AddRange([-1, -2]);
            Assert.Equal([k, -1, -2], list.Get().ToArray());
            map.Put("y", -k);
            Assert.True(map.Remove("x"));
            Assert.False(map.Remove("x"));
            Assert.True(map.TryGet("y", out long y));
            Assert.Equal(-k, y);
            Assert.Equal(1, map.Count);
            note.Update(new Note { Text = "m" + k, Tags = ["second", "third"] });
            Assert.True(note.TryGet(out Note? read));
            Assert.Equal("m" + k, read!.Text);
            Assert.Equal(["second", "third"], read.Tags);
        }

        store.EndBatch();
        Assert.True(store.PendingTotal > 100, $"only {store.PendingTotal} operations went pending");
        Assert.Equal(4L * Keys, store.Statistics.Entries);
    }

    // Keys and operands go through reused pinned buffers, the fold through reused ones: with a string
    // key and a blittable value, an add allocates nothing (only deserializing reference types would).
    [Fact]
    public void ReduceWithStringKeys_AllocatesNothingPerAdd()
    {
        using var dir = new TempDirectory();
        using var store = new FasterKeyedStateStore<string>(Context(), FasterTables.Roomy(dir.Path));
        ReducingState<long> sum = store.GetReducingState(new ReducingStateDescriptor<long, SumReduce>("sum"));
        string[] keys = [.. Enumerable.Range(0, 100).Select(k => "key-" + k)];
        ulong[] hashes = [.. keys.Select(k => KeyHash.Of(k))];
        int roundsRun = 0;
        store.BeginBatch();
        Add(1);
        long allocated = Allocations.OnThisThread(() => Add(100));
        store.EndBatch();

        Assert.True(allocated < 1024, $"{allocated:N0} bytes allocated by 10,000 adds");
        store.SetCurrentKey(keys[5], hashes[5]);
        Assert.True(sum.TryGet(out long total));
        Assert.Equal(roundsRun * 5, total);

        void Add(int rounds)
        {
            for (int round = 0; round < rounds; round++, roundsRun++)
            {
                for (int k = 0; k < keys.Length; k++)
                {
                    store.SetCurrentKey(keys[k], hashes[k]);
                    sum.Add(k);
                }
            }
        }
    }

    [Fact]
    public void ValueMessagePackCannotSerialize_ThrowsStateException_NamingStateAndOperator()
    {
        using var dir = new TempDirectory();
        using var store = new FasterKeyedStateStore<long>(Context(), FasterTables.Roomy(dir.Path));
        ValueState<Unserializable> state = store.GetValueState(new ValueStateDescriptor<Unserializable>("opaque"));
        store.SetCurrentKey(1, KeyHash.Of(1L));

        var error = Assert.Throws<StateException>(() => state.Update(new Unserializable(() => 1)));

        Assert.Contains("'opaque'", error.Message, StringComparison.Ordinal);
        Assert.Contains("operator 'op'", error.Message, StringComparison.Ordinal);
        Assert.Contains("MessagePack", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.InnerException);
        Assert.False(state.TryGet(out _));
    }

    [Fact]
    public void FoldThatThrows_ThrowsStateException_AndKeepsTheValue()
    {
        using var dir = new TempDirectory();
        using var store = new FasterKeyedStateStore<string>(Context(), FasterTables.Roomy(dir.Path));
        ReducingState<string> strict = store.GetReducingState(new ReducingStateDescriptor<string, NoEmptyReduce>("strict"));
        store.SetCurrentKey("k", KeyHash.Of("k"));
        strict.Add("a");

        var error = Assert.Throws<StateException>(() => strict.Add(string.Empty));

        Assert.Contains("'strict'", error.Message, StringComparison.Ordinal);
        Assert.IsType<ArgumentException>(error.InnerException);
        Assert.True(strict.TryGet(out string? value));
        Assert.Equal("a", value);
    }

    // An append must not copy the list when the record can take it in place: the log grows by about
    // the list's final size, not by the sum of its sizes along the way (quadratic).
    [Fact]
    public void ListAppends_UpdateTheRecordInPlace()
    {
        using var dir = new TempDirectory();
        using var store = new FasterKeyedStateStore<long>(Context(), FasterTables.Roomy(dir.Path));
        ListState<long> list = store.GetListState(new ListStateDescriptor<long>("list"));
        store.SetCurrentKey(7, KeyHash.Of(7L));
        list.Add(0);
        long before = store.Statistics.SizeBytes;
        for (long i = 1; i < 1000; i++)
        {
            list.Add(i);
        }

        long grown = store.Statistics.SizeBytes - before;

        // 1,000 elements of 9 bytes (length prefix and long): ~9 KB. A record grows by half again when it is
        // copied, so the copies add up to a few times that; copying the list on every append would write ~4.5 MB.
        Assert.True(grown < 100_000, $"the log grew by {grown:N0} bytes for 9 KB of list");
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), list.Get().ToArray());
    }

    [Fact]
    public void ListOutgrowingAPage_ThrowsStateException_AndKeepsTheList()
    {
        using var dir = new TempDirectory();
        using var store = new FasterKeyedStateStore<long>(Context(), FasterTables.Tiny(dir.Path));
        ListState<long> list = store.GetListState(new ListStateDescriptor<long>("history"));
        store.SetCurrentKey(3, KeyHash.Of(3L));
        int added = 0;
        StateException? error = null;
        while (error is null && added < 1000)
        {
            try
            {
                list.Add(added);
                added++;
            }
            catch (StateException ex)
            {
                error = ex;
            }
        }

        Assert.NotNull(error);
        Assert.Contains("'history'", error.Message, StringComparison.Ordinal);
        Assert.Contains("PageSizeBytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(0, added).Select(i => (long)i), list.Get().ToArray());
    }

    [Fact]
    public void EntriesCountKeys_AndTheLastMapRemovalDeletesTheKey()
    {
        using var dir = new TempDirectory();
        using var store = new FasterKeyedStateStore<string>(Context(), FasterTables.Roomy(dir.Path));
        MapState<long, string> map = store.GetMapState(new MapStateDescriptor<long, string>("map"));
        store.SetCurrentKey("a", KeyHash.Of("a"));
        map.Put(1, "one");
        map.Put(2, "two");
        map.Put(1, "uno");
        store.SetCurrentKey("b", KeyHash.Of("b"));
        map.Put(1, "eins");
        Assert.Equal(2, store.Statistics.Entries);

        store.SetCurrentKey("a", KeyHash.Of("a"));
        Assert.Equal([new(1, "uno"), new(2, "two")], map.Entries().OrderBy(e => e.Key));
        Assert.True(map.Remove(1));
        Assert.True(map.Remove(2));
        Assert.Equal(0, map.Count);
        Assert.Empty(map.Entries());
        Assert.Equal(1, store.Statistics.Entries);
    }

    private static void SetKey(KeyedStateStore<string> store, int k)
    {
        string key = "key-" + k;
        store.SetCurrentKey(key, KeyHash.Of(key));
    }

    private static KeyedStateContext Context() => new("job", "op", 0, 1, 128);

    /// <summary>A MessagePack type with references.</summary>
    [MessagePackObject]
    public sealed class Note
    {
        [Key(0)]
        public string Text { get; set; } = string.Empty;

        [Key(1)]
        public List<string> Tags { get; set; } = [];
    }

    /// <summary>Not a MessagePack type (no attributes), and it holds a delegate: MessagePack's standard resolver refuses it.</summary>
    public sealed class Unserializable(Func<int> compute)
    {
        public Func<int> Compute { get; } = compute;
    }

    /// <summary>A reduce that throws on an empty string: the fold fails inside FASTER's update.</summary>
    internal struct NoEmptyReduce : IReduceFunction<string>
    {
        public readonly string Reduce(in string current, in string value) =>
            value.Length == 0 ? throw new ArgumentException("empty value", nameof(value)) : current + value;
    }
}
