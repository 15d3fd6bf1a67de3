# Exports the MovieLens ml-latest-small ratings shipped in Debian's r-cran-dslabs package
# to ratings.csv.gz and movies.csv.gz next to this script.
#
# Usage: Rscript export.R
# Output is deterministic: rows are sorted and gzip headers carry no timestamp.

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grepl("^--file=", args)])
out_dir <- if (length(script) == 1) dirname(normalizePath(script)) else getwd()

e <- new.env()
invisible(lazyLoad("/usr/lib/R/site-library/dslabs/data/Rdata", envir = e))
ml <- get("movielens", e)
stopifnot(nrow(ml) == 100004)

csv_field <- function(x) {
  x <- enc2utf8(ifelse(is.na(x), "", as.character(x)))
  needs_quotes <- grepl("[\",\r\n]", x) | grepl("^\\s|\\s$", x)
  ifelse(needs_quotes, paste0("\"", gsub("\"", "\"\"", x, fixed = TRUE), "\""), x)
}

write_gz_csv <- function(lines, header, file) {
  con <- gzfile(file.path(out_dir, file), open = "wb", compression = 9)
  on.exit(close(con))
  writeLines(enc2utf8(c(header, lines)), con, sep = "\n", useBytes = TRUE)
}

ratings <- ml[order(ml$userId, ml$movieId, ml$timestamp), ]
write_gz_csv(
  paste(ratings$userId, ratings$movieId, sprintf("%.1f", ratings$rating), ratings$timestamp, sep = ","),
  "userId,movieId,rating,timestamp",
  "ratings.csv.gz")

movies <- unique(ml[, c("movieId", "title", "year", "genres")])
stopifnot(!anyDuplicated(movies$movieId))
movies <- movies[order(movies$movieId), ]
write_gz_csv(
  paste(movies$movieId, csv_field(movies$title), csv_field(movies$year), csv_field(movies$genres), sep = ","),
  "movieId,title,year,genres",
  "movies.csv.gz")

cat(sprintf("ratings: %d rows, %d users, %d movies\n",
            nrow(ratings), length(unique(ratings$userId)), nrow(movies)))
