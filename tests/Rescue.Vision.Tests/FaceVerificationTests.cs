namespace Rescue.Vision.Tests;

/// <summary>Reading labelled pairs and the figures computed from their scores.</summary>
public sealed class FaceVerificationTests
{
    [Fact]
    public void Pairs_are_read_from_the_master_csv_format_with_windows_line_ends()
    {
        var csv = "file_x,file_y,Decision\r\nimg20.jpg,img21.jpg,Yes\r\nimg20.jpg,img16.jpg,No";

        var pairs = FaceVerification.ReadPairs(new StringReader(csv));

        Assert.Equal([new LabelledPair("img20.jpg", "img21.jpg", true), new LabelledPair("img20.jpg", "img16.jpg", false)], pairs);
    }

    [Fact]
    public void A_pairs_file_without_the_expected_columns_is_refused()
    {
        var refused = Assert.Throws<FormatException>(() => FaceVerification.ReadPairs(new StringReader("a,b,c\nx,y,Yes\n")));

        Assert.Contains("file_x", refused.Message);
    }

    [Fact]
    public void Measures_follow_from_the_scores()
    {
        // Positives 0.9, 0.8, 0.3 (and one without a face); negatives 0.5, 0.2, 0.1, 0.0.
        var scores = new List<ScoredPair>
        {
            Scored(true, 0.9f), Scored(true, 0.8f), Scored(true, 0.3f), Scored(true, null),
            Scored(false, 0.5f), Scored(false, 0.2f), Scored(false, 0.1f), Scored(false, 0.0f),
        };

        var report = FaceVerification.Measure(scores, noFace: 1, threshold: 0.4f);

        Assert.Equal((8, 4, 4, 1), (report.Pairs, report.Positives, report.Negatives, report.NoFace));
        // Wins of positives over negatives: 4 + 4 + 3 + 0 = 11 of 16.
        Assert.Equal(11 / 16.0, report.Auc, 6);
        // Letting no negative through (1% of 4 is 0) means scoring above 0.5: two of four positives.
        Assert.Equal(0.5, report.TprAtFpr1Pct, 6);
        // At 0.4: 0.9 and 0.8 right, 0.3 and the faceless pair wrong; 0.5 wrong, the other three right.
        Assert.Equal(5 / 8.0, report.AccuracyAtThreshold, 6);
    }

    private static ScoredPair Scored(bool same, float? similarity) => new(new LabelledPair("x", "y", same), similarity);
}
