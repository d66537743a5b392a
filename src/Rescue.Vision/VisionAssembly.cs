namespace Rescue.Vision;
