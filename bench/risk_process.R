# The whole R process bench/risk_process.py compares with `alliance87 risk fit`:
#   Rscript bench/risk_process.R survey.csv out.csv
# reads the CSV, declares the design and fits the survey-weighted logit, then writes the
# coefficients and their design-based standard errors.
suppressMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
xs <- grep("^x", names(d), value = TRUE)
des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d, nest = TRUE)
f <- as.formula(paste("y ~", paste(xs, collapse = " + ")))
m <- svyglm(f, design = des, family = quasibinomial())
s <- summary(m)$coefficients
write.csv(data.frame(term = rownames(s), estimate = s[, 1], se = s[, 2]), args[2],
          row.names = FALSE)
