using CsCheck;
using HyperFlow.Storage.Faster;

namespace HyperFlow.Storage.Tests.Faster;

public class FasterTableCheckpointModelTests
{
    // Rounds of random writes (hot and cold keys, updates, upserts, deletes), each ended by a full or
    // an incremental checkpoint; every checkpoint is copied (only its listed files, cut to their
    // lengths) and later restored from the copy, and must hold exactly the model as of that round.
    [Fact]
    public void EveryCheckpoint_RestoresFromItsCopyToTheModelAtThatPoint()
    {
        var round = Gen.Select(Gen.Int[0, 3], Gen.Long[0, 1499], Gen.Long[-50, 50]).Array[1, 400];
        Gen.Select(round.Array[1, 4], Gen.Bool.Array[4]).Sample(
            input =>
            {
                ((int Op, long Key, long Argument)[][] rounds, bool[] incremental) = input;
                using var dir = new TempDirectory();
                var model = new Dictionary<long, long>();
                var taken = new List<(FasterCheckpoint Checkpoint, string Copy, SortedDictionary<long, long> State)>();
                using (var table = new FasterTable<long, long, long, HornerUpdater>(FasterTables.Tiny(dir.Sub("live"))))
                {
                    for (int r = 0; r < rounds.Length; r++)
                    {
                        table.BeginBatch();
                        foreach ((int op, long key, long argument) in rounds[r])
                        {
                            Apply(table, model, op, key, argument);
                        }

                        table.EndBatch();
                        FasterCheckpoint checkpoint = table.TakeCheckpoint(incremental[r]);
                        Assert.True(incremental[r] || checkpoint.Kind == FasterCheckpointKind.Full);
                        string copy = dir.Sub($"copy-{r}");
                        FasterTables.CopyCheckpoint(checkpoint, copy);
                        taken.Add((checkpoint, copy, new SortedDictionary<long, long>(model)));
                    }
                }

                foreach ((FasterCheckpoint checkpoint, string copy, SortedDictionary<long, long> state) in taken)
                {
                    using var restored = FasterTable<long, long, long, HornerUpdater>.Recover(FasterTables.Tiny(copy), checkpoint);
                    Assert.Equal(state, FasterTables.Contents(restored));
                    Assert.Equal(state.Count, restored.Count);
                }
            },
            iter: 12);
    }

    private static void Apply(FasterTable<long, long, long, HornerUpdater> table, Dictionary<long, long> model, int op, long key, long argument)
    {
        switch (op)
        {
            case 0:
            case 1:
                table.Rmw(key, argument);
                model[key] = model.TryGetValue(key, out long current) ? HornerUpdater.Fold(current, argument) : argument;
                break;
            case 2:
                table.Upsert(key, argument);
                model[key] = argument;
                break;
            default:
                Assert.Equal(model.Remove(key), table.Delete(key));
                break;
        }
    }
}
