using CsCheck;
using HyperFlow.Storage.Faster;

namespace HyperFlow.Storage.Tests.Faster;

public class FasterTableModelTests
{
    // Reuses the previous operation's key: back-to-back operations on a key whose record is on disk.
    private const long SameKey = -1;

    private enum Op
    {
        Rmw,
        Upsert,
        Delete,
        Read,
        ToggleBatch,
    }

    // Random operations against a dictionary, through an order-sensitive fold, so a lost, doubled or
    // reordered update shows; keys repeat (often back to back). The tiny log is prefilled to six times
    // its memory budget, so operations on cold keys go pending and complete later, in or out of a batch.
    [Theory]
    [InlineData(false, 24, 0)]
    [InlineData(true, 4096, 4096)]
    public void RandomOperations_MatchDictionaryModel(bool tinyMemory, int keySpace, int prefill)
    {
        var ops = Gen.Select(
            Gen.Frequency((5, Gen.Const(Op.Rmw)), (1, Gen.Const(Op.Upsert)), (1, Gen.Const(Op.Delete)), (3, Gen.Const(Op.Read)), (1, Gen.Const(Op.ToggleBatch))),
            Gen.Frequency((3, Gen.Long[0, keySpace - 1]), (2, Gen.Const(SameKey))),
            Gen.Long[-1000, 1000]);
        ops.Array[100, 1500].Sample(
            sequence =>
            {
                using var dir = new TempDirectory();
                FasterStoreOptions options = tinyMemory ? FasterTables.Tiny(dir.Path, maxPending: 32) : FasterTables.Roomy(dir.Path);
                using var table = new FasterTable<long, long, long, HornerUpdater>(options);
                var model = new Dictionary<long, long>();

                table.BeginBatch();
                for (long key = 0; key < prefill; key++)
                {
                    table.Upsert(key, key);
                    model[key] = key;
                }

                table.EndBatch();
                long previous = 0;
                foreach ((Op op, long key, long argument) in sequence)
                {
                    previous = key == SameKey ? previous : key;
                    Apply(table, model, op, previous, argument);
                }

                if (table.InBatch)
                {
                    table.EndBatch();
                }

                Assert.Equal(model.OrderBy(e => e.Key), FasterTables.Contents(table));
                Assert.Equal(model.Count, table.Count);
                Assert.Equal(0, table.PendingOperations);
                if (tinyMemory)
                {
                    Assert.True(table.Statistics.PendingTotal > 0, "no operation went to disk: the test does not exercise pending operations");
                }
            },
            iter: tinyMemory ? 40 : 60);
    }

    private static void Apply(FasterTable<long, long, long, HornerUpdater> table, Dictionary<long, long> model, Op op, long key, long argument)
    {
        switch (op)
        {
            case Op.Rmw:
                table.Rmw(key, argument);
                model[key] = model.TryGetValue(key, out long current) ? HornerUpdater.Fold(current, argument) : argument;
                break;
            case Op.Upsert:
                table.Upsert(key, argument);
                model[key] = argument;
                break;
            case Op.Delete:
                Assert.Equal(model.Remove(key), table.Delete(key));
                break;
            case Op.Read:
                Assert.Equal(model.TryGetValue(key, out long expected), table.TryRead(key, out long actual));
                Assert.Equal(expected, actual);
                break;
            default:
                if (table.InBatch)
                {
                    table.EndBatch();
                }
                else
                {
                    table.BeginBatch();
                }

                break;
        }
    }
}
