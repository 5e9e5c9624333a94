"""Sentiment of a customer message: polarity, anger and urgency, with the cues behind them."""

from nlp.sentiment.analyse import Sentiment, analyse_sentiment
from nlp.sentiment.artifact import load_sentiment_models
from nlp.sentiment.model import SentimentModels

__all__ = ["Sentiment", "SentimentModels", "analyse_sentiment", "load_sentiment_models"]
