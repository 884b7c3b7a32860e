using CsCheck;
using HyperFlow.Storage.Checkpointing;
using HyperFlow.Storage.Faster;
using HyperFlow.Storage.Tests.Faster;

namespace HyperFlow.Storage.Tests.Checkpointing;

/// <summary>
/// Random sequences of completed, abandoned, corrupted and reopened checkpoints against a model:
/// which checkpoints are retained, which physical files exist (shared ones counted once), and which
/// checkpoint recovery picks, with how many corrupt ones skipped.
/// </summary>
public class CheckpointStorageModelTests
{
    private const int Contents = 4;

    private enum Op
    {
        Complete,
        CompleteAnother,
        Abandon,
        FlipByte,
        DeleteFile,
        Reopen,
    }

    [Fact]
    public void RandomOperations_MatchTheModel()
    {
        var op = Gen.Select(Gen.Enum<Op>(), Gen.Int[1, (1 << Contents) - 1], Gen.Int[0, 99], Gen.Int[0, 99]);
        Gen.Select(Gen.Int[1, 3], op.Array[1, 24]).Sample(
            input =>
            {
                (int retained, (Op Kind, int Contents, int Pick, int File)[] ops) = input;
                using var dir = new TempDirectory();
                var model = new Model(retained);
                string root = dir.Sub("checkpoints");
                CheckpointStorage storage = CheckpointStorage.Open(CheckpointData.Options(root, retained));
                try
                {
                    foreach ((Op kind, int contents, int pick, int file) in ops)
                    {
                        storage = Apply(storage, model, dir, kind, contents, pick, file);
                        Check(storage, model, dir);
                    }
                }
                finally
                {
                    storage.Dispose();
                }
            },
            iter: 20);
    }

    private static CheckpointStorage Apply(CheckpointStorage storage, Model model, TempDirectory dir, Op kind, int contents, int pick, int file)
    {
        int[] chosen = [.. Enumerable.Range(0, Contents).Where(c => (contents & (1 << c)) != 0)];
        switch (kind)
        {
            case Op.Complete or Op.CompleteAnother or Op.Abandon:
                long id = storage.NextCheckpointId;
                Assert.Equal(model.NextId, id);
                FasterCheckpoint faster = CheckpointData.FakeFaster(dir.Sub("faster-" + id), [.. chosen.Select(static c => CheckpointData.Content(c, 3000))]);
                using (CheckpointWriter writer = storage.BeginCheckpoint(id, "Faster"))
                {
                    writer.AddFasterCheckpoint(CheckpointData.Context("op", 0, 1), CheckpointData.State(faster));
                    writer.AddSourcePosition("source", 0, 1, BitConverter.GetBytes(id));
                    if (kind != Op.Abandon)
                    {
                        writer.Complete();
                        model.Complete(chosen);
                    }
                    else
                    {
                        model.NextId++;
                    }
                }

                break;
            case Op.FlipByte or Op.DeleteFile when model.Retained.Count > 0:
                int index = pick % model.Retained.Count;
                (long target, SortedDictionary<int, Physical> files) = model.Retained[index];
                int slot = file % files.Count;
                Physical damaged = files.Values.ElementAt(slot);
                if (damaged.Corrupt)
                {
                    // Flipping the same bit twice would repair it; a deleted file cannot be damaged further.
                    break;
                }

                damaged.Corrupt = true;
                damaged.Deleted = kind == Op.DeleteFile;
                string path = Resolve(storage, storage.Checkpoints[index].Operators[0].Subtasks[0].Faster![0].Files[slot], target);
                if (kind == Op.FlipByte)
                {
                    CheckpointData.FlipByte(path);
                }
                else
                {
                    File.Delete(path);
                }

                break;
            case Op.Reopen:
                storage.Dispose();
                model.SkippedSinceOpen = 0;
                return CheckpointStorage.Open(CheckpointData.Options(storage.Directory, model.RetainedCount));
        }

        return storage;
    }

    private static void Check(CheckpointStorage storage, Model model, TempDirectory dir)
    {
        Assert.Equal(model.Retained.Select(static r => r.Id), storage.Checkpoints.Select(static c => c.CheckpointId));
        Assert.Equal(model.NextId, storage.NextCheckpointId);

        // Every physical file a retained checkpoint references exists once (shared ones too), and nothing else does.
        int physical = model.Retained.SelectMany(static r => r.Files.Values).Distinct().Count(static p => !p.Deleted);
        Assert.Equal(physical, CheckpointData.StateFilesOnDisk(storage.Directory).Count);

        int expected = model.Retained.FindLastIndex(static r => r.Files.Values.All(static p => !p.Corrupt));
        CheckpointReader? reader = storage.OpenLatest(CheckpointData.Restore("op", "source"));
        model.SkippedSinceOpen += model.Retained.Count - expected - 1;
        Assert.Equal(model.SkippedSinceOpen, storage.CorruptCheckpointsSkipped);
        Assert.Equal(expected < 0 ? null : model.Retained[expected].Id, reader?.Manifest.CheckpointId);
        if (reader is not null)
        {
            Assert.Equal(BitConverter.GetBytes(reader.Manifest.CheckpointId), reader.SourcePositions("source")[0]!.Value.ToArray());
            string target = dir.Sub($"restore-{Guid.NewGuid():N}");
            FasterCheckpoint restored = reader.RestoreFasterCheckpoint("op", 0, CheckpointData.FasterState, target);
            Assert.Equal(
                model.Retained[expected].Files.Keys.Select(static c => CheckpointData.Content(c, 3000)),
                restored.Files.Select(static f => File.ReadAllBytes(f.Path)));
            Directory.Delete(target, recursive: true);
        }
    }

    private static string Resolve(CheckpointStorage storage, StateFileManifest file, long checkpointId)
        => Path.GetFullPath(Path.Combine(storage.Directory, $"chk-{checkpointId}", file.Path));

    /// <summary>One stored copy of a content; checkpoints that share it hold the same instance.</summary>
    private sealed class Physical
    {
        public bool Corrupt { get; set; }

        public bool Deleted { get; set; }
    }

    private sealed class Model(int retained)
    {
        public int RetainedCount { get; } = retained;

        public long NextId { get; set; } = 1;

        public long SkippedSinceOpen { get; set; }

        public List<(long Id, SortedDictionary<int, Physical> Files)> Retained { get; } = [];

        public void Complete(int[] contents)
        {
            var files = new SortedDictionary<int, Physical>();
            foreach (int content in contents)
            {
                // The storage shares the copy of the newest retained checkpoint holding the content, unless that copy fails verification.
                Physical? newest = Retained.LastOrDefault(r => r.Files.ContainsKey(content)).Files?[content];
                files[content] = newest is { Corrupt: false } ? newest : new Physical();
            }

            Retained.Add((NextId++, files));
            if (Retained.Count > RetainedCount)
            {
                Retained.RemoveAt(0);
            }
        }
    }
}
