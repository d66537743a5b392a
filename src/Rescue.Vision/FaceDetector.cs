namespace Rescue.Vision;

/// <summary>A face box from fr_detect, in pixels of the image it was run on.</summary>
internal readonly record struct Detection(FaceBox Box, float Score);

/// <summary>Finds every face in an image with fr_detect, over the whole image and, for wide images, in tiles.</summary>
internal sealed class FaceDetector(OnnxModel model, VisionOptions options)
{
    private const int InputWidth = 320;
    private const int InputHeight = 240;

    // The model keeps its best 750 boxes before suppression, as its reference code does.
    private const int MaxCandidates = 750;

    // Tiles span this share of the image width: two columns overlapping by a quarter of the width, so a
    // face of 3% of the width is about 15 input pixels wide in a tile, above the detector's smallest
    // anchor (10 pixels), where the whole-image pass sees it 10 pixels wide and misses it.
    private const float TileWidthShare = 0.625f;

    // Widest face, as a share of the image width, taken from a tile: 20 input pixels in the whole-image
    // pass, twice the smallest anchor, which that pass finds reliably itself.
    private const float TileFaceMaxShare = 20f / InputWidth;

    private readonly int _scores = model.OutputIndex("scores");
    private readonly int _boxes = model.OutputIndex("boxes");

    public List<Detection> Detect(RgbaImage image)
    {
        // The whole image, stretched to 320×240 whatever its aspect: the detector's boxes are fractions
        // of its input, so stretching back is exact.
        var whole = new List<Detection>();
        Collect(image, 1, new Region(0, 0, image.Width, image.Height), image.Width, image.Height, whole);
        whole = Suppress(whole, options.NmsIouThreshold);
        if (image.Width < options.TilingMinWidth) return whole;

        var tiles = Tiles(image.Width, image.Height);
        // All tiles shrink by the same factor: average the image down once instead of once per tile.
        var factor = Math.Max(1, (int)MathF.Min(tiles[0].Width / InputWidth, tiles[0].Height / InputHeight));
        using var shrunk = factor > 1 ? image.Shrink(factor) : null;
        var tiled = new List<Detection>();
        foreach (var tile in tiles)
            Collect(shrunk ?? image, factor, tile, image.Width, image.Height, tiled);
        // Tiles are there for faces too small for the whole-image pass. A bigger face that pass did not
        // find is something a zoomed view mistook for one (hair, a logo, part of a big face); so is
        // anything lying mostly inside a face that pass found.
        var maxSide = image.Width * TileFaceMaxShare;
        tiled.RemoveAll(t => MathF.Max(t.Box.Width, t.Box.Height) > maxSide || whole.Any(w => w.Box.Covers(t.Box, 0.5f)));
        return Suppress([.. whole, .. tiled], options.NmsIouThreshold);
    }

    /// <summary>
    /// Runs the detector on a region of the image (of imageWidth × imageHeight), reading pixels from
    /// <paramref name="source"/>, that image shrunk by <paramref name="factor"/>.
    /// </summary>
    private void Collect(RgbaImage source, int factor, Region region, int imageWidth, int imageHeight, List<Detection> found)
    {
        var (x, y, width, height) = region;
        using var input = new PooledBuffer<float>(model.InputLength);
        var map = AffineMap.Resize(x, y, width, height, InputWidth, InputHeight);
        source.Sample(factor > 1 ? RgbaImage.ShrunkMap(map, factor, 0, 0) : map, InputWidth, InputHeight, input.Span,
            luma: false, offset: -127f, scale: 1 / 128f);
        using var scoreBuffer = new PooledBuffer<float>(model.OutputLength(_scores));
        using var boxBuffer = new PooledBuffer<float>(model.OutputLength(_boxes));
        var outputs = new Memory<float>[2];
        outputs[_scores] = scoreBuffer.Memory;
        outputs[_boxes] = boxBuffer.Memory;
        model.Run(input.Memory, outputs);
        var scores = scoreBuffer.Span;
        var boxes = boxBuffer.Span;

        var isTile = width < imageWidth || height < imageHeight;
        var candidates = new List<Detection>();
        for (var i = 0; i < scores.Length / 2; i++)
        {
            // Scores come softmaxed (column 1 is "face"); boxes come decoded, x1 y1 x2 y2 in 0..1.
            var score = scores[2 * i + 1];
            if (score < options.DetectionThreshold) continue;
            var (x1, y1, x2, y2) = (boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3]);
            if (x2 <= x1 || y2 <= y1) continue;
            // In a tile, a face cut by an inner edge is a fragment; the overlap shows it whole in a
            // neighbouring tile or in the whole-image pass.
            if (isTile && CutByInnerEdge(x1, y1, x2, y2, region, imageWidth, imageHeight)) continue;
            candidates.Add(new Detection(new FaceBox(x + x1 * width, y + y1 * height, (x2 - x1) * width, (y2 - y1) * height), score));
        }
        candidates.Sort((a, b) => b.Score.CompareTo(a.Score));
        found.AddRange(candidates.Take(MaxCandidates));
    }

    private static bool CutByInnerEdge(float x1, float y1, float x2, float y2, Region tile, int imageWidth, int imageHeight)
    {
        const float margin = 0.01f;
        return (x1 < margin && tile.X > 0) || (y1 < margin && tile.Y > 0)
            || (x2 > 1 - margin && tile.X + tile.Width < imageWidth) || (y2 > 1 - margin && tile.Y + tile.Height < imageHeight);
    }

    /// <summary>
    /// Two columns of overlapping tiles, in as many rows as the height needs. A tile is at most as tall
    /// as it is wide, so the detector's 4:3 input squeezes faces by at most 4:3: less than the
    /// whole-image pass squeezes a portrait photo, which the detector handles.
    /// </summary>
    private static List<Region> Tiles(int width, int height)
    {
        var tiles = new List<Region>();
        var tileWidth = width * TileWidthShare;
        var tileHeight = MathF.Min(height, tileWidth);
        // Rows overlap as much as the two columns do: each step is 60% of a tile.
        var step = tileHeight * (1 - TileWidthShare) / TileWidthShare;
        var rows = tileHeight >= height ? 1 : (int)MathF.Ceiling((height - tileHeight) / step) + 1;
        for (var row = 0; row < rows; row++)
        {
            var y = rows == 1 ? 0 : row * (height - tileHeight) / (rows - 1);
            tiles.Add(new Region(0, y, tileWidth, tileHeight));
            tiles.Add(new Region(width - tileWidth, y, tileWidth, tileHeight));
        }
        return tiles;
    }

    /// <summary>Greedy non-maximum suppression: strongest first, dropping boxes that overlap a kept one.</summary>
    private static List<Detection> Suppress(List<Detection> candidates, float iouThreshold)
    {
        candidates.Sort((a, b) => b.Score.CompareTo(a.Score));
        var kept = new List<Detection>();
        foreach (var candidate in candidates)
        {
            if (kept.All(k => k.Box.IoU(candidate.Box) <= iouThreshold)) kept.Add(candidate);
        }
        return kept;
    }

    /// <summary>A rectangle of the image the detector looks at.</summary>
    private readonly record struct Region(float X, float Y, float Width, float Height);
}
